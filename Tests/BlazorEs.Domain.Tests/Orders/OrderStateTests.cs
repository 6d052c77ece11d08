using BlazorEs.Domain.Orders;

namespace BlazorEs.Domain.Tests.Orders;

public sealed class OrderStateTests
{
    [Fact]
    public void GivenNoEvents_ThenOrderDoesNotExist()
    {
        Order state = Given.OrderState();

        Assert.False(state.Exists);
        Assert.Equal(OrderStatus.None, state.Status);
        Assert.Empty(state.Lines);
    }

    [Fact]
    public void GivenOrderPlaced_ThenOrderHoldsItsLinesAndTotal()
    {
        Order state = Given.OrderState(Given.OrderPlaced);

        Assert.True(state.Exists);
        Assert.Equal(
            new Order(Given.OrderId, "Ada Lovelace", Given.OrderPlaced.Lines, 35m, OrderStatus.Placed, 0m),
            state);
    }

    [Fact]
    public void GivenOrderPaid_ThenStatusPaidAndAmountRecorded()
    {
        Order state = Given.OrderState(Given.OrderPlaced, new OrderPaid(Given.OrderId, 35m, "PAY-1"));

        Assert.Equal(OrderStatus.Paid, state.Status);
        Assert.Equal(35m, state.AmountPaid);
    }

    [Fact]
    public void GivenOrderShipped_ThenStatusShipped()
    {
        Order state = Given.OrderState(
            Given.OrderPlaced, new OrderPaid(Given.OrderId, 35m, "PAY-1"), new OrderShipped(Given.OrderId, "DHL", "TRK-1"));

        Assert.Equal(OrderStatus.Shipped, state.Status);
    }

    [Fact]
    public void GivenOrderCancelled_ThenStatusCancelled()
    {
        Order state = Given.OrderState(Given.OrderPlaced, new OrderCancelled(Given.OrderId, "Changed mind"));

        Assert.Equal(OrderStatus.Cancelled, state.Status);
    }

    [Fact]
    public void GivenUnknownEvent_WhenFolded_ThenStateUnchanged()
    {
        Order state = Given.OrderState(Given.OrderPlaced);

        Assert.Same(state, Order.Evolve(state, new object()));
    }
}
