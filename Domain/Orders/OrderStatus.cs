namespace BlazorEs.Domain.Orders;

public enum OrderStatus
{
    /// <summary>No order was placed on this stream.</summary>
    None,
    Placed,
    Paid,
    Shipped,
    Cancelled,
}
