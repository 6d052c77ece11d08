namespace BlazorEs.Domain;

/// <summary>The one place that names streams.</summary>
public static class StreamIds
{
    public const string ProductPrefix = "product-";
    public const string OrderPrefix = "order-";

    public static string Product(string sku) => ProductPrefix + sku;

    public static string Order(string orderId) => OrderPrefix + orderId;
}
