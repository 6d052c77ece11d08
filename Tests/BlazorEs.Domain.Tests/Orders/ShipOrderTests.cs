using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests.Orders;

public sealed class ShipOrderTests
{
    private static readonly Order Paid = Given.OrderState(Given.OrderPlaced, new OrderPaid(Given.OrderId, 35m, "PAY-1"));

    private static readonly IReadOnlyDictionary<string, Product> Catalog = Given.CatalogReservedFor(Given.OrderId);

    private static readonly ShipOrder Command = new(Given.OrderId, "DHL", "TRK-1");

    [Fact]
    public void GivenPaidOrder_WhenShipped_ThenStockShippedPerProductSummedAndOrderShipped()
    {
        IReadOnlyList<StreamChange> changes = Order.Decide(Paid, Catalog, Command);

        Then.Changes(
            changes,
            ("product-SKU-1", [new StockShipped(Given.Sku, Given.OrderId, 3)]),
            ("product-SKU-2", [new StockShipped(Given.OtherSku, Given.OrderId, 1)]),
            ("order-ORD-1", [new OrderShipped(Given.OrderId, "DHL", "TRK-1")]));
    }

    [Fact]
    public void GivenPaidOrderOfAProductDiscontinuedSince_WhenShipped_ThenItStillShips()
    {
        Dictionary<string, Product> catalog = new(Catalog)
        {
            [Given.OtherSku] = Product.Evolve(Catalog[Given.OtherSku], new ProductDiscontinued(Given.OtherSku)),
        };

        IReadOnlyList<StreamChange> changes = Order.Decide(Paid, catalog, Command);

        Assert.Equal(["product-SKU-1", "product-SKU-2", "order-ORD-1"], changes.Select(c => c.StreamId));
    }

    [Fact]
    public void GivenUnpaidOrder_WhenShipped_ThenRefused()
    {
        Then.Refused(
            () => Order.Decide(Given.OrderState(Given.OrderPlaced), Catalog, Command),
            DomainErrorKind.BusinessRule,
            "Order ORD-1 is not paid.");
    }

    [Fact]
    public void GivenShippedOrder_WhenShippedAgain_ThenRefused()
    {
        Order shipped = Order.Evolve(Paid, new OrderShipped(Given.OrderId, "DHL", "TRK-1"));

        Then.Refused(
            () => Order.Decide(shipped, Catalog, Command),
            DomainErrorKind.BusinessRule,
            "Order ORD-1 has already shipped.");
    }

    [Fact]
    public void GivenCancelledOrder_WhenShipped_ThenRefused()
    {
        Order cancelled = Order.Evolve(Paid, new OrderCancelled(Given.OrderId, "Changed mind"));

        Then.Refused(
            () => Order.Decide(cancelled, Catalog, Command),
            DomainErrorKind.BusinessRule,
            "Order ORD-1 is cancelled.");
    }

    [Fact]
    public void GivenNoOrder_WhenShipped_ThenNotFound()
    {
        Then.Refused(
            () => Order.Decide(Given.OrderState(), Catalog, Command),
            DomainErrorKind.NotFound,
            "Order ORD-1 does not exist.");
    }

    [Fact]
    public void GivenProductMissingFromTheCatalog_WhenShipped_ThenNotFound()
    {
        IReadOnlyDictionary<string, Product> catalog = Given.Catalog(Catalog[Given.Sku]);

        Then.Refused(
            () => Order.Decide(Paid, catalog, Command),
            DomainErrorKind.NotFound,
            "Product SKU-2 does not exist.");
    }

    [Fact]
    public void GivenProductStateWithoutTheOrdersReservation_WhenShipped_ThenRefused()
    {
        IReadOnlyDictionary<string, Product> catalog = Given.Catalog(
            Catalog[Given.Sku], Given.Stocked(Given.OtherSku, 5m, onHand: 4));

        Then.Refused(
            () => Order.Decide(Paid, catalog, Command),
            DomainErrorKind.BusinessRule,
            "Product SKU-2 has only 0 reserved and 4 on hand, fewer than the order's 1.");
    }

    [Fact]
    public void GivenPaidOrder_WhenShippedWithoutCarrierOrTrackingNumber_ThenValidationOnBoth()
    {
        Then.FieldErrors(new ShipOrder(Given.OrderId, "", " "), "Carrier", "TrackingNumber");
    }

    [Fact]
    public void GivenCarrierAndTrackingNumberOf201Characters_WhenValidated_ThenErrors()
    {
        Then.FieldErrors(new ShipOrder(Given.OrderId, Given.Text(201), Given.Text(201)), "Carrier", "TrackingNumber");
    }

    [Fact]
    public void GivenGoodShipment_WhenValidated_ThenNoErrors()
    {
        Then.FieldErrors(new ShipOrder(Given.OrderId, Given.Text(200), Given.Text(200)));
    }

    [Fact]
    public void GivenNullFields_WhenValidated_ThenFieldErrorsAndNoException()
    {
        Then.FieldErrors(new ShipOrder(null!, null!, null!), "OrderId", "Carrier", "TrackingNumber");
    }
}
