using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>axe-core over the busiest screens: no critical or serious violations. Lesser ones are written to the test output, not failed on.</summary>
public sealed class AccessibilityTests(BrowserSession session, ITestOutputHelper output) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private IBrowserContext? _context;

    [Theory]
    [InlineData("/")]
    [InlineData("/timeline")]
    [InlineData("/projections")]
    [InlineData("/products")]
    [InlineData("/orders")]
    [InlineData("/replay")]
    [InlineData("/streams")]
    public async Task AScreenWithDataHasNoCriticalOrSeriousAccessibilityViolations(string path)
    {
        BrowserSession.RequireChromium();
        using (var api = new WarehouseApi(_server))
        {
            await api.RegisterAsync("AX-1", "Label printer", 219m);
            await api.ReceiveAsync("AX-1", 3);
            await api.PlaceOrderAsync("AX-ORDER-1", "Amager Office", "bob", ("AX-1", 1));
        }
        _context = await _server.SignInAsync(session.Browser);
        var page = await ConsolePage.OpenAsync(_context, _server.Address + path);
        if (path == "/timeline") await Expect(page.GetByTestId("timeline-row")).ToHaveCountAsync(4);

        var results = await page.RunAxe();

        foreach (var v in results.Violations)
            output.WriteLine($"{path}: [{v.Impact}] {v.Id} — {v.Help} ({v.Nodes.Length} nodes: {string.Join(" | ", v.Nodes.Take(3).Select(n => $"{n.Target} {n.Html}"))})");
        var blocking = results.Violations.Where(v => v.Impact is "critical" or "serious").Select(v => $"{v.Id}: {v.Help}").ToList();
        Assert.True(blocking.Count == 0, $"Critical or serious accessibility violations on {path}:\n{string.Join("\n", blocking)}");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        await _server.DisposeAsync();
    }
}
