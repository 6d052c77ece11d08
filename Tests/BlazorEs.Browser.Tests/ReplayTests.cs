using Microsoft.Playwright;
using static BlazorEs.Browser.Tests.ConsolePage;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>The replay screen in a real browser: a historical point is unmistakable, stepping moves the figures and the event.</summary>
public sealed class ReplayTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private IBrowserContext? _context;

    [Fact]
    public async Task SteppingThroughHistoryShowsTheFiguresAndTheEventOfEachPointUnderAHistoricalBanner()
    {
        BrowserSession.RequireChromium();
        using (var api = new WarehouseApi(_server))
        {
            await api.RegisterAsync("ANV-1", "Anvil", 10m);   // 1
            await api.ReceiveAsync("ANV-1", 5, "bob");         // 2
            await api.ReceiveAsync("ANV-1", 5, "carol");       // 3
            await api.ReceiveAsync("ANV-1", 5, "dave");        // 4
        }
        _context = await _server.SignInAsync(session.Browser);

        var page = await OpenAsync(_context, _server.Address + "/replay?position=2");
        await Expect(page.GetByTestId("replay-banner")).ToContainTextAsync("Historical view", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("replay-banner")).ToContainTextAsync("position 2");
        await Expect(page.GetByTestId("replay-figure-stock-value")).ToContainTextAsync("50.00");
        await Expect(page.GetByTestId("replay-event-user")).ToHaveTextAsync("bob");

        await page.GetByTestId("replay-step-forward").ClickAsync();
        await Expect(page.GetByTestId("replay-figure-stock-value")).ToContainTextAsync("100.00", new() { Timeout = 10_000 });
        await Expect(page.GetByTestId("replay-event-user")).ToHaveTextAsync("carol");
        await Expect(page.GetByTestId("replay-position")).ToContainTextAsync("Position 3 of 4");
        Assert.Contains("position=3", page.Url);

        await page.GetByTestId("replay-step-forward").ClickAsync();
        await Expect(page.GetByTestId("replay-banner")).ToContainTextAsync("This is now", new() { Timeout = 10_000 });
        await Expect(page.GetByTestId("replay-figure-stock-value")).ToContainTextAsync("150.00");
    }

    [Fact]
    public async Task TheReplayScreenIsPhotographedOverARealisticHistory()
    {
        BrowserSession.RequireChromium();
        using (var api = new WarehouseApi(_server))
            await DemoWarehouse.SeedAsync(api);
        _context = await _server.SignInAsync(session.Browser);

        var page = await OpenAsync(_context, _server.Address + "/replay?position=60");
        await Expect(page.GetByTestId("replay-banner")).ToContainTextAsync("position 60", new() { Timeout = 15_000 });
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await page.WaitForTimeoutAsync(1_000);
        var path = Path.Combine(BrowserSession.ScreenshotFolder, "replay.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });

        Assert.True(new FileInfo(path).Length > 10_000);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        await _server.DisposeAsync();
    }
}
