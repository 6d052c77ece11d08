using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;

namespace BlazorEs.Domain.Tests.Orders;

public sealed class PayOrderTests
{
    private static readonly Order Placed = Given.OrderState(Given.OrderPlaced);

    [Fact]
    public void GivenPlacedOrder_WhenPaidTheTotal_ThenOrderPaid()
    {
        IReadOnlyList<StreamChange> changes = Order.Decide(Placed, Given.Catalog(), new PayOrder(Given.OrderId, 35m, "PAY-1"));

        Then.Changes(changes, ("order-ORD-1", [new OrderPaid(Given.OrderId, 35m, "PAY-1")]));
    }

    [Fact]
    public void GivenPlacedOrder_WhenPaidTheTotalWrittenWithMoreDecimals_ThenOrderPaid()
    {
        IReadOnlyList<StreamChange> changes = Order.Decide(Placed, Given.Catalog(), new PayOrder(Given.OrderId, 35.000m, "PAY-1"));

        Then.Changes(changes, ("order-ORD-1", [new OrderPaid(Given.OrderId, 35m, "PAY-1")]));
    }

    [Fact]
    public void GivenPlacedOrder_WhenPaidTheWrongAmount_ThenRefused()
    {
        Order placed = Given.OrderState(new OrderPlaced(Given.OrderId, "Ada Lovelace", [new(Given.Sku, 3, 5m)], 15m));

        Then.Refused(
            () => Order.Decide(placed, Given.Catalog(), new PayOrder(Given.OrderId, 12m, "PAY-1")),
            DomainErrorKind.BusinessRule,
            "Amount 12.00 does not equal the order total 15.00.");
    }

    [Fact]
    public void GivenPlacedOrder_WhenOverpaidByAFractionOfACent_ThenRefusedShowingTheFraction()
    {
        Then.Refused(
            () => Order.Decide(Placed, Given.Catalog(), new PayOrder(Given.OrderId, 35.001m, "PAY-1")),
            DomainErrorKind.BusinessRule,
            "Amount 35.001 does not equal the order total 35.00.");
    }

    [Fact]
    public void GivenPaidOrder_WhenPaidAgain_ThenRefused()
    {
        Order paid = Given.OrderState(Given.OrderPlaced, new OrderPaid(Given.OrderId, 35m, "PAY-1"));

        Then.Refused(
            () => Order.Decide(paid, Given.Catalog(), new PayOrder(Given.OrderId, 35m, "PAY-2")),
            DomainErrorKind.BusinessRule,
            "Order ORD-1 is already paid.");
    }

    [Fact]
    public void GivenCancelledOrder_WhenPaid_ThenRefused()
    {
        Order cancelled = Given.OrderState(Given.OrderPlaced, new OrderCancelled(Given.OrderId, "Changed mind"));

        Then.Refused(
            () => Order.Decide(cancelled, Given.Catalog(), new PayOrder(Given.OrderId, 35m, "PAY-1")),
            DomainErrorKind.BusinessRule,
            "Order ORD-1 is cancelled.");
    }

    [Fact]
    public void GivenShippedOrder_WhenPaid_ThenRefused()
    {
        Order shipped = Given.OrderState(
            Given.OrderPlaced, new OrderPaid(Given.OrderId, 35m, "PAY-1"), new OrderShipped(Given.OrderId, "DHL", "TRK-1"));

        Then.Refused(
            () => Order.Decide(shipped, Given.Catalog(), new PayOrder(Given.OrderId, 35m, "PAY-2")),
            DomainErrorKind.BusinessRule,
            "Order ORD-1 has already shipped.");
    }

    [Fact]
    public void GivenNoOrder_WhenPaid_ThenNotFound()
    {
        Then.Refused(
            () => Order.Decide(Given.OrderState(), Given.Catalog(), new PayOrder(Given.OrderId, 35m, "PAY-1")),
            DomainErrorKind.NotFound,
            "Order ORD-1 does not exist.");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-35")]
    public void GivenPlacedOrder_WhenAmountNotPositive_ThenValidationOnAmount(string amount)
    {
        Then.FieldErrors(new PayOrder(Given.OrderId, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "PAY-1"), "Amount");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void GivenPlacedOrder_WhenPaymentReferenceBlank_ThenValidationOnPaymentReference(string reference)
    {
        Then.FieldErrors(new PayOrder(Given.OrderId, 35m, reference), "PaymentReference");
    }

    [Fact]
    public void GivenPaymentReferenceOf201Characters_WhenValidated_ThenPaymentReferenceError()
    {
        Then.FieldErrors(new PayOrder(Given.OrderId, 35m, Given.Text(201)), "PaymentReference");
    }

    [Fact]
    public void GivenBadOrderId_WhenValidated_ThenOrderIdError()
    {
        Then.FieldErrors(new PayOrder("ORD 1", 35m, "PAY-1"), "OrderId");
    }

    [Fact]
    public void GivenGoodPayment_WhenValidated_ThenNoErrors()
    {
        Then.FieldErrors(new PayOrder(Given.OrderId, 0.01m, Given.Text(200)));
    }

    [Fact]
    public void GivenNullFields_WhenValidated_ThenFieldErrorsAndNoException()
    {
        Then.FieldErrors(new PayOrder(null!, 0m, null!), "OrderId", "Amount", "PaymentReference");
    }
}
