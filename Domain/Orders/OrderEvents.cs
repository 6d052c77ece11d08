namespace BlazorEs.Domain.Orders;

// Events of an order-{orderId} stream.
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice)
{
    public decimal LineTotal => Quantity * UnitPrice;
}

public sealed record OrderPlaced(string OrderId, string Customer, IReadOnlyList<OrderLine> Lines, decimal Total);

public sealed record OrderPaid(string OrderId, decimal Amount, string PaymentReference);

public sealed record OrderShipped(string OrderId, string Carrier, string TrackingNumber);

/// <summary>WasPaid says whether the order had been paid, so read models need not remember every order's status.</summary>
public sealed record OrderCancelled(string OrderId, string Reason, bool WasPaid = false);
