namespace BlazorEs.Domain.Orders;

/// <summary>What an order-{orderId} stream says now: the state order decisions are made against.</summary>
public sealed partial record Order(
    string OrderId,
    string Customer,
    IReadOnlyList<OrderLine> Lines,
    decimal Total,
    OrderStatus Status,
    decimal AmountPaid)
{
    /// <summary>The state of a stream with no events yet.</summary>
    public static Order Initial { get; } = new("", "", [], 0m, OrderStatus.None, 0m);

    public bool Exists => Status != OrderStatus.None;

    public static Order Evolve(Order state, object @event) =>
        @event switch
        {
            OrderPlaced e => state with
            {
                OrderId = e.OrderId,
                Customer = e.Customer,
                Lines = e.Lines,
                Total = e.Total,
                Status = OrderStatus.Placed,
            },
            OrderPaid e => state with { Status = OrderStatus.Paid, AmountPaid = state.AmountPaid + e.Amount },
            OrderShipped => state with { Status = OrderStatus.Shipped },
            OrderCancelled => state with { Status = OrderStatus.Cancelled },
            _ => state,
        };
}
