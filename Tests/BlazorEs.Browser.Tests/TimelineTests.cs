using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

public sealed class TimelineTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private IBrowserContext? _context;

    /// <summary>Three users, four event types: 2 ProductRegistered + 2 StockReceived (alice, bob), 1 OrderPlaced + 2 StockReserved (carol).</summary>
    private async Task SeedAsync()
    {
        using var api = new WarehouseApi(_server);
        await api.RegisterAsync("TL-1", "Pallet jack", 349.00m, user: "alice");
        await api.RegisterAsync("TL-2", "Stretch film", 12.50m, user: "alice");
        await api.ReceiveAsync("TL-1", 20, user: "bob");
        await api.ReceiveAsync("TL-2", 200, user: "bob");
        await api.PlaceOrderAsync("TL-ORDER-1", "Nordhavn Foods", "carol", ("TL-1", 2), ("TL-2", 10));
    }

    [Fact]
    public async Task FilteringByEventTypeLeavesOnlyThatTypeAndPutsItInTheUrl()
    {
        BrowserSession.RequireChromium();
        await SeedAsync();
        var page = await OpenTimelineAsync();
        var rows = page.GetByTestId("timeline-row");
        await Expect(rows).ToHaveCountAsync(7);

        await page.GetByTestId("filter-type").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText("StockReceived", new() { Exact = true }).ClickAsync();
        // Apply once the select shows the pick, as an operator would: a submit sent while the pick is still on its way
        // to the server filters by the previous value.
        await Expect(page.GetByTestId("filter-type")).ToHaveTextAsync("StockReceived");
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await page.GetByTestId("filter-apply").ClickAsync();

        await Expect(rows).ToHaveCountAsync(2);
        foreach (var row in await rows.AllAsync())
            await Expect(row.Locator(".event-type")).ToHaveTextAsync("StockReceived");
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]type=StockReceived(&|$)"));
        await Expect(page.GetByTestId("timeline-count")).ToContainTextAsync("2 events match");
    }

    [Fact]
    public async Task FilteringByUserLeavesOnlyThatUsersEventsAndPutsItInTheUrl()
    {
        BrowserSession.RequireChromium();
        await SeedAsync();
        var page = await OpenTimelineAsync();
        var rows = page.GetByTestId("timeline-row");
        await Expect(rows).ToHaveCountAsync(7);

        // MudTextField puts data-testid on the <input> itself.
        await page.GetByTestId("filter-user").FillAsync("carol");
        await page.GetByTestId("filter-apply").ClickAsync();

        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Filter(new() { HasNotText = "carol" })).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]user=carol(&|$)"));
    }

    [Fact]
    public async Task AnEventsDrawerShowsItsMetadataAndTheCausationChainOfItsCommand()
    {
        BrowserSession.RequireChromium();
        await SeedAsync();
        var page = await OpenTimelineAsync();

        var orderPlaced = page.GetByTestId("timeline-row").Filter(new() { HasText = "OrderPlaced" });
        await orderPlaced.ClickAsync();

        var drawer = page.GetByTestId("event-drawer");
        await Expect(drawer).ToBeVisibleAsync();
        await Expect(drawer.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("OrderPlaced");
        var metadata = drawer.GetByTestId("drawer-metadata");
        await Expect(metadata).ToContainTextAsync("carol");
        await Expect(metadata).ToContainTextAsync("PlaceOrder");
        await Expect(metadata).ToContainTextAsync("order-TL-ORDER-1");
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]event=\d+"));

        // One command (PlaceOrder) recorded three events together: the order and a reservation on each product.
        var chain = drawer.GetByTestId("causation-chain");
        await Expect(chain.GetByTestId("chain-command")).ToHaveCountAsync(1);
        await Expect(chain.GetByTestId("chain-command")).ToContainTextAsync("PlaceOrder");
        await Expect(chain.GetByTestId("chain-event")).ToHaveCountAsync(3);
        await Expect(chain.GetByTestId("chain-event").Filter(new() { HasText = "StockReserved" })).ToHaveCountAsync(2);
        await Expect(chain.Locator(".chain-current")).ToContainTextAsync("OrderPlaced");
        await ConsolePage.ScreenshotAsync(page, "timeline-drawer-causation");
    }

    private async Task<IPage> OpenTimelineAsync()
    {
        _context = await _server.SignInAsync(session.Browser);
        return await ConsolePage.OpenAsync(_context, _server.Address + "/timeline");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        await _server.DisposeAsync();
    }
}
