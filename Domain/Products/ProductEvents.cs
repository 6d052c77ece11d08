namespace BlazorEs.Domain.Products;

/// <summary>
/// An event of a product-{sku} stream. Each carries its Sku so read models can key rows without parsing stream ids.
/// </summary>
public interface IProductEvent
{
    string Sku { get; }
}

public sealed record ProductRegistered(string Sku, string Name, decimal Price) : IProductEvent;

public sealed record ProductRenamed(string Sku, string OldName, string Name) : IProductEvent;

public sealed record PriceChanged(string Sku, decimal OldPrice, decimal Price) : IProductEvent;

public sealed record ProductDiscontinued(string Sku) : IProductEvent;

public sealed record ProductReactivated(string Sku) : IProductEvent;

public sealed record StockReceived(string Sku, int Quantity, string Reference) : IProductEvent;

public sealed record StockAdjusted(string Sku, int Delta, string Reason) : IProductEvent;

public sealed record StockReserved(string Sku, string OrderId, int Quantity) : IProductEvent;

public sealed record ReservationReleased(string Sku, string OrderId, int Quantity) : IProductEvent;

public sealed record StockShipped(string Sku, string OrderId, int Quantity) : IProductEvent;
