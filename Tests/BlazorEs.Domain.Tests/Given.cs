using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests;

/// <summary>Builds the state a decision sees by folding the given events, as the command handler does.</summary>
internal static class Given
{
    public const string Sku = "SKU-1";
    public const string OtherSku = "SKU-2";
    public const string OrderId = "ORD-1";

    public static Product ProductState(params object[] events) => events.Aggregate(Product.Initial, Product.Evolve);

    public static Order OrderState(params object[] events) => events.Aggregate(Order.Initial, Order.Evolve);

    /// <summary>The product states a multi-stream decision receives, keyed by sku.</summary>
    public static IReadOnlyDictionary<string, Product> Catalog(params Product[] products) =>
        products.ToDictionary(p => p.Sku, StringComparer.Ordinal);

    public static ProductRegistered Registered(string sku = Sku, decimal price = 10m) => new(sku, $"Product {sku}", price);

    /// <summary>A registered product with <paramref name="onHand"/> received and nothing reserved.</summary>
    public static Product Stocked(string sku, decimal price, int onHand) =>
        ProductState(Registered(sku, price), new StockReceived(sku, onHand, "PO-1"));

    /// <summary>ORD-1: SKU-1 on two lines (2 + 1 at 10.00) and SKU-2 once (1 at 5.00), 35.00 in all.</summary>
    public static OrderPlaced OrderPlaced { get; } = new(
        OrderId,
        "Ada Lovelace",
        [new OrderLine(Sku, 2, 10m), new OrderLine(OtherSku, 1, 5m), new OrderLine(Sku, 1, 10m)],
        35m);

    /// <summary>The two products after <see cref="OrderPlaced"/> reserved its stock: 3 of SKU-1, 1 of SKU-2.</summary>
    public static IReadOnlyDictionary<string, Product> CatalogReservedFor(string orderId) =>
        Catalog(
            ProductState(Registered(Sku, 10m), new StockReceived(Sku, 10, "PO-1"), new StockReserved(Sku, orderId, 3)),
            ProductState(Registered(OtherSku, 5m), new StockReceived(OtherSku, 4, "PO-1"), new StockReserved(OtherSku, orderId, 1)));

    public static string Text(int length) => new('x', length);
}
