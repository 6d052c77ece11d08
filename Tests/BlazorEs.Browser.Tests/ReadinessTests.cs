using BlazorEs.Domain.Orders;
using BlazorEs.Infrastructure.EventStore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BlazorEs.Browser.Tests.ConsolePage;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>
/// The app bar's readiness indicator and the Projections screen's readiness panel in Chromium, ready and then with a
/// projection parked on a poison event: both turn red naming it. Photographed (readiness-ready, readiness-parked).
/// </summary>
public sealed class ReadinessTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Patience = new() { Timeout = 60_000 };
    private readonly ConsoleServer _server = new();
    private IBrowserContext? _context;

    [Fact]
    public async Task TheIndicatorAndThePanelShowReadyThenNameTheParkedProjection()
    {
        BrowserSession.RequireChromium();
        using (var api = new WarehouseApi(_server))
            await DemoWarehouse.SeedAsync(api);
        _context = await _server.SignInAsync(session.Browser);

        var page = await OpenAsync(_context, _server.Address + "/projections");
        await Expect(page.GetByTestId("readiness-state")).ToHaveAttributeAsync("data-state", "healthy", Patience);
        await Expect(page.GetByTestId("readiness-panel")).ToHaveAttributeAsync("data-state", "healthy", Patience);
        await SettleAsync(page);
        await ScreenshotAsync(page, "readiness-ready");

        // Two payments of decimal.MaxValue written past the domain's rules: the dashboard's revenue total overflows.
        await _server.Services.GetRequiredService<EventStoreWriter>().AppendAsync(new AppendRequest(
            [new StreamAppend("order-POISON", ExpectedVersion.Any, [new OrderPaid("POISON", decimal.MaxValue, "P1"), new OrderPaid("POISON", decimal.MaxValue, "P2")])],
            new EventMetadata("mallory", "Import", Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "import")));

        await Expect(page.GetByTestId("readiness-state")).ToHaveAttributeAsync("data-state", "unhealthy", Patience);
        await Expect(page.Locator("[data-testid=readiness-check][data-check=projections]")).ToHaveAttributeAsync("data-state", "unhealthy", Patience);
        await Expect(page.GetByTestId("readiness-state")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Readiness: Not ready: projections — DashboardFigures is parked"));
        await SettleAsync(page);
        // The indicator's tooltip is the browser's own (title: no MudTooltip kept by every circuit), so it is read, not hovered.
        await Expect(page.GetByTestId("readiness-state")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("^Not ready: projections — DashboardFigures is parked"));
        await ScreenshotAsync(page, "readiness-parked");

        foreach (var name in new[] { "readiness-ready", "readiness-parked" })
            Assert.True(new FileInfo(Path.Combine(BrowserSession.ScreenshotFolder, name + ".png")).Length > 10_000, name);
    }

    private static async Task SettleAsync(IPage page)
    {
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await page.WaitForTimeoutAsync(1_200);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        await _server.DisposeAsync();
    }
}
