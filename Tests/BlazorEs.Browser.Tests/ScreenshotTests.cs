using Microsoft.Playwright;
using static BlazorEs.Browser.Tests.ConsolePage;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>Pictures of the main screens over a realistic handful of data, saved with the test output (screenshots/).</summary>
public sealed class ScreenshotTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private IBrowserContext? _context;

    [Fact]
    public async Task EveryMainScreenIsPhotographedWithData()
    {
        BrowserSession.RequireChromium();
        using (var api = new WarehouseApi(_server))
            await DemoWarehouse.SeedAsync(api);
        _context = await _server.SignInAsync(session.Browser);

        var timeline = await OpenAsync(_context, _server.Address + "/timeline");
        await Expect(timeline.GetByTestId("timeline-row").First).ToBeVisibleAsync();
        await SettleAsync(timeline);
        await ScreenshotAsync(timeline, "timeline-list");
        await timeline.GetByTestId("timeline-row").Filter(new() { HasText = "OrderPlaced" }).First.ClickAsync();
        await Expect(timeline.GetByTestId("causation-chain")).ToBeVisibleAsync();
        await SettleAsync(timeline);
        await ScreenshotAsync(timeline, "timeline");

        var streams = await OpenAsync(_context, _server.Address + "/streams?id=product-" + DemoWarehouse.Sku);
        await Expect(streams.GetByTestId("stream-version").First).ToBeVisibleAsync();
        await SettleAsync(streams);
        await ScreenshotAsync(streams, "streams");

        var projections = await OpenAsync(_context, _server.Address + "/projections");
        await Expect(projections.GetByTestId("projection-state").First).ToHaveTextAsync("Live");
        await SettleAsync(projections);
        await ScreenshotAsync(projections, "projections");

        var dashboard = await OpenAsync(_context, _server.Address + "/");
        await Expect(dashboard.GetByTestId("stock-row-" + DemoWarehouse.Sku)).ToBeVisibleAsync();
        await SettleAsync(dashboard);
        await ScreenshotAsync(dashboard, "dashboard");

        var products = await OpenAsync(_context, _server.Address + "/products");
        await Expect(products.GetByTestId("product-row-" + DemoWarehouse.Sku)).ToBeVisibleAsync();
        await SettleAsync(products);
        await ScreenshotAsync(products, "products");

        var orders = await OpenAsync(_context, _server.Address + "/orders");
        await Expect(orders.GetByTestId("order-row-" + DemoWarehouse.OrderId)).ToBeVisibleAsync();
        await SettleAsync(orders);
        await ScreenshotAsync(orders, "orders");

        foreach (var name in new[] { "dashboard", "products", "orders", "timeline", "timeline-list", "streams", "projections" })
            Assert.True(new FileInfo(Path.Combine(BrowserSession.ScreenshotFolder, name + ".png")).Length > 10_000, name);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(1440)]
    public async Task TheProductsAndOrdersGridsShowTheirRowActionsWithoutScrollingSidewaysWithTheNavigationOpen(int width)
    {
        BrowserSession.RequireChromium();
        using (var api = new WarehouseApi(_server))
            await DemoWarehouse.SeedAsync(api);
        _context = await _server.SignInAsync(session.Browser, options: new() { ViewportSize = new ViewportSize { Width = width, Height = 900 } });

        foreach (var (screen, row) in new[] { ("products", "product-row-" + DemoWarehouse.Sku), ("orders", "order-row-" + DemoWarehouse.OrderId) })
        {
            var page = await OpenAsync(_context, _server.Address + "/" + screen);
            await Expect(page.GetByTestId(row)).ToBeVisibleAsync();
            await Expect(page.Locator(".mud-drawer--open")).ToBeVisibleAsync();
            var widths = await page.EvaluateAsync<int[]>(
                "() => { const t = document.querySelector('.console-grid .mud-table-container'); return [t.scrollWidth, t.clientWidth]; }");
            var (scrollWidth, clientWidth) = (widths[0], widths[1]);
            Assert.True(scrollWidth <= clientWidth, $"{screen} at {width} px: the grid is {scrollWidth} px wide in {clientWidth} px");
            // The row's last button (discontinue / cancel) lies inside the window.
            var last = await page.GetByTestId(row).Locator("xpath=ancestor::tr").Locator("button").Last.BoundingBoxAsync();
            Assert.NotNull(last);
            Assert.True(last.X + last.Width <= width, $"{screen} at {width} px: the last row action ends at {last.X + last.Width} px");
            await page.CloseAsync();
        }
    }

    /// <summary>Lets row flashes, drawer slides and snackbars finish so the picture shows the resting screen.</summary>
    private static async Task SettleAsync(IPage page)
    {
        await page.EvaluateAsync("() => document.activeElement?.blur()"); // Blazor focuses the h1 after navigation
        await page.WaitForTimeoutAsync(1_200);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        await _server.DisposeAsync();
    }
}
