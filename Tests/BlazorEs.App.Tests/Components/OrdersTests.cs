using AngleSharp.Dom;
using BlazorEs.App.Components.Pages.Orders;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Bunit;
using Bunit.Rendering;

namespace BlazorEs.App.Tests.Components;

public sealed class OrdersTests
{
    [Fact]
    public async Task GivenNoOrders_ShowsLoadingThenTheEmptyState()
    {
        await using var console = await ConsoleContext.StartAsync();
        console.Queries.Close();

        var cut = console.Render<Orders>();

        await cut.WaitForAssertionAsync(() => Assert.NotNull(cut.Find("[data-testid=orders-loading]")));
        console.Queries.Open();
        await cut.WaitForAssertionAsync(() => Assert.Contains("No orders yet", cut.Find("[data-testid=orders-empty]").TextContent));
    }

    [Fact]
    public async Task GivenOrders_ShowsEachWithItsStatusAndTotal()
    {
        await using var console = await SeededAsync();

        var cut = console.Render<Orders>();

        await cut.WaitForAssertionAsync(() => Assert.Equal(3, cut.FindAll("[data-testid^=order-row-]").Count));
        Assert.Equal("Paid", cut.Find("[data-testid=order-status-ORD-2]").TextContent.Trim());
        Assert.Contains("125.00", RowOf(cut, "ORD-1").TextContent);
    }

    [Fact]
    public async Task GivenTheReadSideFails_ShowsTheErrorWithRetry()
    {
        await using var console = await ConsoleContext.StartAsync(migrated: false);

        var cut = console.Render<Orders>();

        await cut.WaitForAssertionAsync(() => Assert.Contains("Orders could not be loaded", cut.Find("[data-testid=orders-error]").TextContent));
        Assert.NotNull(cut.Find("[data-testid=orders-error-retry]"));
    }

    [Fact]
    public async Task StatusChips_FilterTheGridByStatus()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForAssertionAsync(() => Assert.Equal(3, cut.FindAll("[data-testid^=order-row-]").Count));

        await cut.Find("[data-testid=status-paid]").ClickAsync(new());

        await cut.WaitForAssertionAsync(() => Assert.Single(cut.FindAll("[data-testid^=order-row-]")));
        Assert.NotNull(cut.Find("[data-testid=order-row-ORD-2]"));
    }

    [Fact]
    public async Task Search_FindsOrdersByCustomer()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForAssertionAsync(() => Assert.Equal(3, cut.FindAll("[data-testid^=order-row-]").Count));

        await cut.TypeAsync("[data-testid=orders-search]", "globex");

        await cut.WaitForAssertionAsync(() => Assert.Single(cut.FindAll("[data-testid^=order-row-]")));
        Assert.NotNull(cut.Find("[data-testid=order-row-ORD-2]"));
    }

    [Fact]
    public async Task PayDialog_IsPrefilledWithTheTotalAndRecordsThePayment()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForElementAsync("[data-testid=pay-ORD-1]");

        await cut.OpenDialogAsync("[data-testid=pay-ORD-1]", "[data-testid=pay-order-dialog]");
        Assert.Equal("125.00", cut.Find("[data-testid=field-amount]").GetAttribute("value"));
        await cut.TypeAsync("[data-testid=field-payment-reference]", "PAY-1");
        await cut.SubmitDialogAsync();

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=pay-order-dialog]"));
            Assert.Equal("Paid", cut.Find("[data-testid=order-status-ORD-1]").TextContent.Trim());
        });
    }

    [Fact]
    public async Task PayDialog_WhenSomeoneElseCancelledTheOrder_SaysWhyAndStaysOpen()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForElementAsync("[data-testid=pay-ORD-1]");

        await cut.OpenDialogAsync("[data-testid=pay-ORD-1]", "[data-testid=pay-order-dialog]");
        await console.SendAsync(new CancelOrder("ORD-1", "Customer called"), user: "bob");
        await cut.TypeAsync("[data-testid=field-payment-reference]", "PAY-1");
        await cut.SubmitDialogAsync();

        // The rule the new state breaks is named before the stale version is: it says more than "changed by someone else".
        await cut.WaitForAssertionAsync(() => Assert.Equal("Order ORD-1 is cancelled.", cut.Find("[data-testid=command-error]").TextContent.Trim()));
        Assert.NotNull(cut.Find("[data-testid=pay-order-dialog]"));
    }

    [Fact]
    public async Task ShipDialog_RequiresCarrierAndTrackingNumber()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForElementAsync("[data-testid=ship-ORD-2]");

        await cut.OpenDialogAsync("[data-testid=ship-ORD-2]", "[data-testid=ship-order-dialog]");
        await cut.SubmitDialogAsync();

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Contains("Carrier is required.", cut.Markup);
            Assert.Contains("Tracking Number is required.", cut.Markup);
        });
        Assert.True(cut.Find("[data-testid=ship-ORD-1]").HasAttribute("disabled"), "A placed order cannot ship before it is paid.");
    }

    [Fact]
    public async Task CancelDialog_AsksForAReasonThenCancels()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForElementAsync("[data-testid=cancel-ORD-1]");

        await cut.OpenDialogAsync("[data-testid=cancel-ORD-1]", "[data-testid=cancel-order-dialog]");
        await cut.SubmitDialogAsync();
        await cut.WaitForAssertionAsync(() => Assert.Contains("Reason is required.", cut.Markup));
        await cut.TypeAsync("[data-testid=field-reason]", "Duplicate order");
        await cut.SubmitDialogAsync();

        await cut.WaitForAssertionAsync(() => Assert.Equal("Cancelled", cut.Find("[data-testid=order-status-ORD-1]").TextContent.Trim()));
    }

    [Fact]
    public async Task PlaceOrderDialog_ValidatesCustomerAndLinesInline()
    {
        await using var console = await SeededAsync();
        var events = await console.CountEventsAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForElementAsync("[data-testid=place-order]");

        await cut.OpenDialogAsync("[data-testid=place-order]", "[data-testid=place-order-dialog]");
        await cut.TypeAsync("[data-testid=field-line-quantity-0]", "0");
        await cut.SubmitDialogAsync();

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Contains("Customer is required.", cut.Markup);
            Assert.Contains("Sku is required.", cut.Markup);
            Assert.Contains("Quantity must be between 1 and 1,000,000.", cut.Markup);
        });
        Assert.Equal(events, await console.CountEventsAsync());
    }

    [Fact]
    public async Task PlaceOrderDialog_AddsAndRemovesLines()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForElementAsync("[data-testid=place-order]");
        await cut.OpenDialogAsync("[data-testid=place-order]", "[data-testid=place-order-dialog]");
        Assert.True(cut.Find("[data-testid=remove-line-0]").HasAttribute("disabled"), "The only line cannot be removed.");

        await cut.Find("[data-testid=add-line]").ClickAsync(new());
        await cut.Find("[data-testid=add-line]").ClickAsync(new());
        Assert.Equal(3, cut.FindAll("[data-testid^=order-line-]").Count);

        await cut.Find("[data-testid=remove-line-1]").ClickAsync(new());
        Assert.Equal(2, cut.FindAll("[data-testid^=order-line-]").Count);
    }

    [Fact]
    public async Task PlaceOrderDialog_WithMoreThanIsAvailable_ShowsInsufficientStockAndStaysOpen()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForElementAsync("[data-testid=place-order]");
        await cut.OpenDialogAsync("[data-testid=place-order]", "[data-testid=place-order-dialog]");

        await cut.TypeAsync("[data-testid=field-customer]", "Initech");
        await PickProductAsync(cut, 0, "WIDGET-1");
        await cut.TypeAsync("[data-testid=field-line-quantity-0]", "90");
        await cut.WaitForAssertionAsync(() => Assert.Equal("Only 85 available", cut.Find("[data-testid=line-available-0]").TextContent.Trim()));
        await cut.SubmitDialogAsync();

        await cut.WaitForAssertionAsync(() => Assert.Equal(
            "Insufficient stock for WIDGET-1: requested 90, available 85.", cut.Find("[data-testid=command-error]").TextContent.Trim()));
        Assert.NotNull(cut.Find("[data-testid=place-order-dialog]"));
    }

    [Fact]
    public async Task PlaceOrderDialog_PlacesTheOrderAndTheGridShowsIt()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForElementAsync("[data-testid=place-order]");
        await cut.OpenDialogAsync("[data-testid=place-order]", "[data-testid=place-order-dialog]");

        await cut.TypeAsync("[data-testid=field-customer]", "Initech");
        await PickProductAsync(cut, 0, "WIDGET-1");
        await cut.TypeAsync("[data-testid=field-line-quantity-0]", "4");
        await cut.SubmitDialogAsync();

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=place-order-dialog]"));
            Assert.Equal(4, cut.FindAll("[data-testid^=order-row-]").Count);
            Assert.Contains("Initech", cut.Markup);
        });
    }

    [Fact]
    public async Task PlaceOrderDialog_KeepsAvailabilityLive()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForElementAsync("[data-testid=place-order]");
        await cut.OpenDialogAsync("[data-testid=place-order]", "[data-testid=place-order-dialog]");
        await PickProductAsync(cut, 0, "WIDGET-1");
        await cut.WaitForAssertionAsync(() => Assert.Equal("85 available", cut.Find("[data-testid=line-available-0]").TextContent.Trim()));

        await console.SendAsync(new PlaceOrder("ORD-9", "Hooli", [new OrderLineRequest("WIDGET-1", 80)]), user: "bob");
        await console.Feed.ChangedAsync(StockLevelsProjection.ProjectionName, "WIDGET-1");

        await cut.WaitForAssertionAsync(() => Assert.Equal("5 available", cut.Find("[data-testid=line-available-0]").TextContent.Trim()));
    }

    [Fact]
    public async Task WhenAShownOrderChanges_ItsRowIsPatchedInPlaceAndFlashesWithoutReloadingThePage()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForElementAsync("[data-testid=order-row-ORD-1]");
        var pageQueries = console.Queries.Asked<GetOrderSummaries>();

        await console.SendAsync(new PayOrder("ORD-1", 125m, "PAY-9"), user: "bob");
        await console.Feed.ChangedAsync(OrderSummariesProjection.ProjectionName, "ORD-1");

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Equal("Paid", cut.Find("[data-testid=order-status-ORD-1]").TextContent.Trim());
            Assert.Contains("row-flash", RowOf(cut, "ORD-1").ClassName);
        });
        Assert.DoesNotContain("row-flash", RowOf(cut, "ORD-3").ClassName ?? "");
        Assert.Equal(1, console.Queries.Asked<GetOrderSummariesByKeys>());
        Assert.Equal(pageQueries, console.Queries.Asked<GetOrderSummaries>());
        Assert.Equal(3, cut.FindAll("[data-testid^=order-row-]").Count);
    }

    [Fact]
    public async Task WhenAChangeTakesAShownOrderOutOfTheStatusFilter_ThePageIsReloadedWithoutIt()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForAssertionAsync(() => Assert.Equal(3, cut.FindAll("[data-testid^=order-row-]").Count));
        await cut.Find("[data-testid=status-placed]").ClickAsync(new());
        await cut.WaitForAssertionAsync(() => Assert.Single(cut.FindAll("[data-testid^=order-row-]")));
        var pageQueries = console.Queries.Asked<GetOrderSummaries>();

        await console.SendAsync(new PayOrder("ORD-1", 125m, "PAY-9"), user: "bob");
        await console.Feed.ChangedAsync(OrderSummariesProjection.ProjectionName, "ORD-1");

        await cut.WaitForAssertionAsync(() => Assert.Contains("No orders", cut.Find("[data-testid=orders-empty]").TextContent));
        Assert.Equal(1, console.Queries.Asked<GetOrderSummariesByKeys>());
        Assert.True(console.Queries.Asked<GetOrderSummaries>() > pageQueries, "an order leaving the filter must bring the page query");
    }

    /// <summary>Types into a line's product picker and picks the suggestion for <paramref name="sku"/>.</summary>
    private static async Task PickProductAsync(IRenderedComponent<ContainerFragment> cut, int line, string sku)
    {
        await cut.TypeAsync($"[data-testid=field-line-sku-{line}]", sku[..3]);
        var option = await WaitForOptionAsync(cut, sku);
        await option.ClickAsync(new());
        await cut.WaitForAssertionAsync(() => Assert.NotNull(cut.Find($"[data-testid=line-available-{line}]")));
    }

    private static async Task<IElement> WaitForOptionAsync(IRenderedComponent<ContainerFragment> cut, string sku)
    {
        IElement? found = null;
        await cut.WaitForAssertionAsync(() =>
        {
            found = cut.FindAll(".mud-popover-open .mud-list-item").FirstOrDefault(e => e.TextContent.Contains(sku, StringComparison.Ordinal));
            Assert.NotNull(found);
        });
        return found!;
    }

    /// <summary>Products WIDGET-1 (100 on hand, 15 reserved) and orders ORD-1 placed, ORD-2 paid, ORD-3 cancelled.</summary>
    private static async Task<ConsoleContext> SeededAsync()
    {
        var console = await ConsoleContext.StartAsync();
        await console.SendAllAsync(
            new RegisterProduct("WIDGET-1", "Blue widget", 12.5m),
            new ReceiveStock("WIDGET-1", 100, "PO-1"),
            new PlaceOrder("ORD-1", "Acme", [new OrderLineRequest("WIDGET-1", 10)]),
            new PlaceOrder("ORD-2", "Globex", [new OrderLineRequest("WIDGET-1", 5)]),
            new PayOrder("ORD-2", 62.5m, "PAY-2"),
            new PlaceOrder("ORD-3", "Umbrella", [new OrderLineRequest("WIDGET-1", 2)]),
            new CancelOrder("ORD-3", "Wrong address"));
        return console;
    }

    private static IElement RowOf(IRenderedComponent<ContainerFragment> cut, string orderId) =>
        cut.Find($"[data-testid=order-row-{orderId}]").Closest("tr")!;
}
