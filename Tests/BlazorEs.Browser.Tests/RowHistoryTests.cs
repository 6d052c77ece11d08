using Microsoft.Playwright;
using static BlazorEs.Browser.Tests.ConsolePage;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>"Why is this value what it is?" in Chromium: a product's history drawer from its row, and its link to the timeline.</summary>
public sealed class RowHistoryTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private IBrowserContext? _context;

    [Fact]
    public async Task AProductsHistoryListsWhoChangedItsStockAndLinksToTheEventInTheTimeline()
    {
        BrowserSession.RequireChromium();
        using (var api = new WarehouseApi(_server))
        {
            await api.RegisterAsync("ROPE-9", "Climbing rope", 39.90m, user: "dave");
            await api.ReceiveAsync("ROPE-9", 40, user: "carol");
            await api.PlaceOrderAsync("SO-901", "Acme", "alice", ("ROPE-9", 6));
            await api.SendAsync("ChangePrice", new { sku = "ROPE-9", price = 42.50m }, user: "dave");
        }
        _context = await _server.SignInAsync(session.Browser);
        var page = await OpenAsync(_context, _server.Address + "/products");

        await page.GetByTestId("history-ROPE-9").ClickAsync();

        var drawer = page.GetByTestId("row-history-drawer");
        await Expect(drawer.Locator("[data-testid^=row-history-entry-]")).ToHaveCountAsync(4, new() { Timeout = 15_000 });
        await Expect(drawer.Locator("[data-testid^=row-history-entry-]").First).ToContainTextAsync("PriceChanged");
        await Expect(drawer.Locator("[data-testid^=row-history-entry-]").Nth(1)).ToContainTextAsync("alice");
        await ScreenshotAsync(page, "row-history-drawer");

        await drawer.Locator("[data-testid^=row-history-entry-]").Nth(1).GetByTestId("row-history-timeline").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/timeline\\?event=\\d+"));
        await Expect(page.GetByTestId("event-drawer")).ToContainTextAsync("StockReserved", new() { Timeout = 15_000 });
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        await _server.DisposeAsync();
    }
}
