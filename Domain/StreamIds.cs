namespace BlazorEs.Domain;

/// <summary>The one place that names streams.</summary>
public static class StreamIds
{
    public const string ProductPrefix = "product-";
    public const string OrderPrefix = "order-";

    public static string Product(string sku) => ProductPrefix + sku;

    public static string Order(string orderId) => OrderPrefix + orderId;

    /// <summary>An id for an order placed without one: 16 hex digits, upper case.</summary>
    public static string NewOrderId() => Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
}
