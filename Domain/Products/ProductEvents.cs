namespace BlazorEs.Domain.Products;

// Events of a product-{sku} stream. Each carries its Sku so read models can key rows without parsing stream ids.
public sealed record ProductRegistered(string Sku, string Name, decimal Price);

public sealed record ProductRenamed(string Sku, string OldName, string Name);

public sealed record PriceChanged(string Sku, decimal OldPrice, decimal Price);

public sealed record ProductDiscontinued(string Sku);

public sealed record StockReceived(string Sku, int Quantity, string Reference);

public sealed record StockAdjusted(string Sku, int Delta, string Reason);

public sealed record StockReserved(string Sku, string OrderId, int Quantity);

public sealed record ReservationReleased(string Sku, string OrderId, int Quantity);

public sealed record StockShipped(string Sku, string OrderId, int Quantity);
