using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static BlazorEs.Browser.Tests.ConsolePage;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>Two operators on one Kestrel-hosted console: what one does through the dialogs, the other sees without reloading.</summary>
public sealed class LiveUpdateTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 15_000 };

    private readonly ConsoleServer _server = new();
    private readonly List<IBrowserContext> _contexts = [];

    [Fact]
    public async Task AStockReceiptAndAnOrderPlacedInOneConsoleAppearInTheOthersDashboardGridAndTimelineWithoutReload()
    {
        BrowserSession.RequireChromium();
        using (var api = new WarehouseApi(_server))
            await api.RegisterAsync("LV-1", "Forklift battery", 10.00m);

        var watcher = await NewContextAsync();
        var dashboard = await OpenAsync(watcher, _server.Address + "/");
        var products = await OpenAsync(watcher, _server.Address + "/products");
        var timeline = await OpenAsync(watcher, _server.Address + "/timeline");
        await Expect(dashboard.GetByTestId("stock-available-LV-1")).ToHaveTextAsync("0");
        await Expect(products.GetByTestId("available-LV-1")).ToHaveTextAsync("0");
        await Expect(timeline.GetByTestId("timeline-row")).ToHaveCountAsync(1);
        var navigations = 0;
        foreach (var page in new[] { dashboard, products, timeline })
            page.FrameNavigated += (_, frame) => { if (frame.ParentFrame is null) navigations++; };

        // Operator A receives 40 through the dialog on /products.
        var operatorA = await NewContextAsync();
        var productsA = await OpenAsync(operatorA, _server.Address + "/products");
        await productsA.GetByTestId("receive-LV-1").ClickAsync();
        var receive = Dialog(productsA, "receive-stock-dialog");
        await Field(receive, "field-quantity").FillAsync("40");
        await Field(receive, "field-reference").FillAsync("DN-2024-0042");
        await receive.GetByTestId("dialog-submit").ClickAsync();
        await Expect(receive).ToBeHiddenAsync();

        await Expect(products.GetByTestId("available-LV-1")).ToHaveTextAsync("40", Soon);
        await Expect(dashboard.GetByTestId("stock-available-LV-1")).ToHaveTextAsync("40", Soon);
        await Expect(dashboard.GetByTestId("figure-stock-value-value")).ToHaveTextAsync(new Regex(@"400[.,]00"), Soon);
        await Expect(timeline.GetByTestId("timeline-row").First).ToContainTextAsync("StockReceived", new() { Timeout = 15_000 });

        // Operator A places an order for 3 through the dialog on /orders.
        var ordersA = await OpenAsync(operatorA, _server.Address + "/orders");
        await ordersA.GetByTestId("place-order").ClickAsync();
        var place = Dialog(ordersA, "place-order-dialog");
        await Field(place, "field-customer").FillAsync("Nordhavn Foods");
        await Field(place, "field-line-sku-0").FillAsync("LV-1");
        await ordersA.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "LV-1" }).First.ClickAsync();
        // The pick is done when the server has taken it: the line shows what is available and the list has closed.
        // Typing the quantity sooner races the autocomplete taking focus back and lands the "3" in the product field.
        await Expect(place.GetByTestId("line-available-0")).ToHaveTextAsync("40 available");
        await Expect(ordersA.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Expect(Field(place, "field-line-sku-0")).ToHaveValueAsync("LV-1");
        await Field(place, "field-line-quantity-0").FillAsync("3");
        await place.GetByTestId("dialog-submit").ClickAsync();
        await Expect(place).ToBeHiddenAsync();

        await Expect(products.GetByTestId("available-LV-1")).ToHaveTextAsync("37", Soon);
        await Expect(dashboard.GetByTestId("stock-available-LV-1")).ToHaveTextAsync("37", Soon);
        await Expect(dashboard.GetByTestId("figure-orders-value")).ToHaveTextAsync("1", Soon);
        await Expect(dashboard.GetByTestId("figure-orders-placed")).ToContainTextAsync("1", new() { Timeout = 15_000 });
        await Expect(timeline.GetByTestId("timeline-row")).ToHaveCountAsync(4, new() { Timeout = 15_000 });
        await Expect(timeline.GetByTestId("timeline-row").Filter(new() { HasText = "OrderPlaced" })).ToHaveCountAsync(1);

        Assert.Equal(0, navigations);
        await ScreenshotAsync(dashboard, "live-dashboard-after-other-console");
    }

    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await _server.SignInAsync(session.Browser);
        _contexts.Add(context);
        return context;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        await _server.DisposeAsync();
    }
}
