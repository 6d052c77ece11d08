namespace BlazorEs.Domain.Orders;

public sealed record OrderLineRequest(string Sku, int Quantity);

/// <summary>OrderId is optional: when null the command handler assigns one before deciding.</summary>
public sealed record PlaceOrder(string? OrderId, string Customer, IReadOnlyList<OrderLineRequest> Lines) : IWarehouseCommand;

public sealed record PayOrder(string OrderId, decimal Amount, string PaymentReference) : IWarehouseCommand;

public sealed record ShipOrder(string OrderId, string Carrier, string TrackingNumber) : IWarehouseCommand;

public sealed record CancelOrder(string OrderId, string Reason) : IWarehouseCommand;
