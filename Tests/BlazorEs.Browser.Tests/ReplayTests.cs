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
    public async Task OrdersAsOfAPointTurnPagesAndFilterByStatusAsTheyWereThen()
    {
        BrowserSession.RequireChromium();
        using (var api = new WarehouseApi(_server))
        {
            await api.RegisterAsync("ANV-1", "Anvil", 10m);  // 1
            await api.ReceiveAsync("ANV-1", 100);            // 2
            for (var i = 1; i <= 12; i++)                    // 3 … 26: OrderPlaced + StockReserved each
                await api.PlaceOrderAsync($"SO-{i:D2}", "Acme", "bob", ("ANV-1", 1));
            await api.SendAsync("PayOrder", new { orderId = "SO-03", amount = 10m, paymentReference = "CARD-3" }); // 27
        }
        _context = await _server.SignInAsync(session.Browser);

        // As of position 12: five orders placed (3/4, 5/6, … 11/12), none paid.
        var page = await OpenAsync(_context, _server.Address + "/replay?position=12");
        await Expect(page.GetByTestId("replay-orders-title")).ToHaveTextAsync("Orders (5)", new() { Timeout = 15_000 });
        var grid = page.GetByTestId("replay-orders-grid");
        await Expect(grid.Locator("tbody tr").First).ToContainTextAsync("SO-05");
        await Expect(grid).Not.ToContainTextAsync("SO-06");

        // At the head: twelve, newest first, ten to a page; the second page holds the two oldest.
        await page.GotoAsync(_server.Address + "/replay?position=27");
        await Expect(page.GetByTestId("replay-orders-title")).ToHaveTextAsync("Orders (12)", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("replay-orders-order")).ToHaveTextAsync("newest placed first");
        await Expect(grid.Locator("tbody tr").First).ToContainTextAsync("SO-12");
        await grid.GetByLabel("Next page").ClickAsync();
        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(2, new() { Timeout = 10_000 });
        await Expect(grid.Locator("tbody tr").First).ToContainTextAsync("SO-02");

        await page.GetByTestId("replay-orders-status").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Paid" }).ClickAsync();
        await Expect(page.GetByTestId("replay-orders-title")).ToHaveTextAsync("Orders (1)", new() { Timeout = 10_000 });
        await Expect(page.GetByTestId("replay-orders-order")).ToHaveTextAsync("most recently paid first");
        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(grid.Locator("tbody tr").First).ToContainTextAsync("SO-03");
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
