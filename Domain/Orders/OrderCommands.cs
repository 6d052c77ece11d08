namespace BlazorEs.Domain.Orders;

/// <summary>
/// A command decided on an order-{orderId} stream and the product streams it touches, by <see cref="Order.Decide"/>.
/// The caller loads the order, then the products <see cref="ProductsRead"/> names for it, then decides.
/// </summary>
public interface IOrderCommand : IWarehouseCommand
{
    /// <summary>The order's id; empty while a <see cref="PlaceOrder"/> waits for one to be assigned.</summary>
    string OrderId { get; }

    /// <summary>The skus of the product streams the decision reads, given the order as stored (none, the command's lines, the order's lines).</summary>
    IEnumerable<string> ProductsRead(Order order);

    string IWarehouseCommand.PrimaryStream => StreamIds.Order(OrderId);
}

public sealed record OrderLineRequest(string Sku, int Quantity);

/// <summary>OrderId is optional: when null the command handler assigns one (<see cref="WithAssignedIds"/>) before deciding.</summary>
public sealed record PlaceOrder(string? OrderId, string Customer, IReadOnlyList<OrderLineRequest> Lines) : IOrderCommand
{
    string IOrderCommand.OrderId => OrderId ?? "";

    public IEnumerable<string> ProductsRead(Order order) => Lines.Select(l => l.Sku);

    /// <summary>A new order contends on its products, not on its brand-new stream.</summary>
    string IWarehouseCommand.TurnKey => Lines is [var first, ..] ? StreamIds.Product(first.Sku) : StreamIds.Order(OrderId ?? "");

    public IWarehouseCommand WithAssignedIds() => OrderId is null ? this with { OrderId = StreamIds.NewOrderId() } : this;
}

public sealed record PayOrder(string OrderId, decimal Amount, string PaymentReference) : IOrderCommand
{
    public IEnumerable<string> ProductsRead(Order order) => [];
}

public sealed record ShipOrder(string OrderId, string Carrier, string TrackingNumber) : IOrderCommand
{
    public IEnumerable<string> ProductsRead(Order order) => order.Lines.Select(l => l.Sku);
}

public sealed record CancelOrder(string OrderId, string Reason) : IOrderCommand
{
    public IEnumerable<string> ProductsRead(Order order) => order.Lines.Select(l => l.Sku);
}
