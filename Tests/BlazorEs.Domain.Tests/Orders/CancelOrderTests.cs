using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests.Orders;

public sealed class CancelOrderTests
{
    private static readonly Order Placed = Given.OrderState(Given.OrderPlaced);

    private static readonly IReadOnlyDictionary<string, Product> Catalog = Given.CatalogReservedFor(Given.OrderId);

    private static readonly CancelOrder Command = new(Given.OrderId, "Customer changed their mind");

    [Fact]
    public void GivenPlacedOrder_WhenCancelled_ThenEveryReservationReleasedAndOrderCancelled()
    {
        IReadOnlyList<StreamChange> changes = Order.Decide(Placed, Catalog, Command);

        Then.Changes(
            changes,
            ("product-SKU-1", [new ReservationReleased(Given.Sku, Given.OrderId, 3)]),
            ("product-SKU-2", [new ReservationReleased(Given.OtherSku, Given.OrderId, 1)]),
            ("order-ORD-1", [new OrderCancelled(Given.OrderId, "Customer changed their mind")]));
    }

    [Fact]
    public void GivenPlacedOrder_WhenCancelled_ThenTheProductsHaveNothingReservedAnyMore()
    {
        IReadOnlyList<StreamChange> changes = Order.Decide(Placed, Catalog, Command);

        foreach (StreamChange change in changes.Where(c => c.StreamId.StartsWith(StreamIds.ProductPrefix, StringComparison.Ordinal)))
        {
            Product product = Catalog[change.StreamId[StreamIds.ProductPrefix.Length..]];
            Product after = change.Events.Aggregate(product, Product.Evolve);
            Assert.Equal(0, after.Reserved);
            Assert.Equal(product.OnHand, after.Available);
        }
    }

    [Fact]
    public void GivenPaidOrder_WhenCancelled_ThenReservationsReleasedAndOrderCancelled()
    {
        Order paid = Order.Evolve(Placed, new OrderPaid(Given.OrderId, 35m, "PAY-1"));

        IReadOnlyList<StreamChange> changes = Order.Decide(paid, Catalog, Command);

        Assert.Equal(["product-SKU-1", "product-SKU-2", "order-ORD-1"], changes.Select(c => c.StreamId));
        Assert.Equal(new OrderCancelled(Given.OrderId, Command.Reason, WasPaid: true), Assert.Single(changes[^1].Events));
    }

    [Fact]
    public void GivenShippedOrder_WhenCancelled_ThenRefused()
    {
        Order shipped = Given.OrderState(
            Given.OrderPlaced, new OrderPaid(Given.OrderId, 35m, "PAY-1"), new OrderShipped(Given.OrderId, "DHL", "TRK-1"));

        Then.Refused(
            () => Order.Decide(shipped, Catalog, Command),
            DomainErrorKind.BusinessRule,
            "Order ORD-1 has already shipped and cannot be cancelled.");
    }

    [Fact]
    public void GivenCancelledOrder_WhenCancelledAgain_ThenRefused()
    {
        Order cancelled = Order.Evolve(Placed, new OrderCancelled(Given.OrderId, "First time"));

        Then.Refused(
            () => Order.Decide(cancelled, Catalog, Command),
            DomainErrorKind.BusinessRule,
            "Order ORD-1 is already cancelled.");
    }

    [Fact]
    public void GivenNoOrder_WhenCancelled_ThenNotFound()
    {
        Then.Refused(
            () => Order.Decide(Given.OrderState(), Catalog, Command),
            DomainErrorKind.NotFound,
            "Order ORD-1 does not exist.");
    }

    [Fact]
    public void GivenProductMissingFromTheCatalog_WhenCancelled_ThenNotFound()
    {
        Then.Refused(
            () => Order.Decide(Placed, Given.Catalog(Catalog[Given.OtherSku]), Command),
            DomainErrorKind.NotFound,
            "Product SKU-1 does not exist.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void GivenPlacedOrder_WhenCancelledWithoutReason_ThenValidationOnReason(string reason)
    {
        Then.FieldErrors(new CancelOrder(Given.OrderId, reason), "Reason");
    }

    [Fact]
    public void GivenReasonOf501Characters_WhenValidated_ThenReasonError()
    {
        Then.FieldErrors(new CancelOrder(Given.OrderId, Given.Text(501)), "Reason");
    }

    [Fact]
    public void GivenReasonOf500Characters_WhenValidated_ThenNoErrors()
    {
        Then.FieldErrors(new CancelOrder(Given.OrderId, Given.Text(500)));
    }

    [Fact]
    public void GivenNullFields_WhenValidated_ThenFieldErrorsAndNoException()
    {
        Then.FieldErrors(new CancelOrder(null!, null!), "OrderId", "Reason");
    }
}
