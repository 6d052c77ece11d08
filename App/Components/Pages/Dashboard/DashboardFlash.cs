using BlazorEs.Infrastructure.ReadModels.Dashboard;

namespace BlazorEs.App.Components.Pages.Dashboard;

/// <summary>The dashboard's flash keys (one <see cref="FlashingRows"/> serves all its parts) and which figures changed.</summary>
public static class DashboardFlash
{
    public const string Orders = "figure:orders";
    public const string Revenue = "figure:revenue";
    public const string StockValue = "figure:stock-value";
    public const string LowStock = "figure:low-stock";
    public const string Events = "figure:events";

    public static string Stock(string sku) => "stock:" + sku;

    public static string Alert(string sku) => "alert:" + sku;

    public static string Event(long position) => "event:" + position;

    /// <summary>The figure keys whose numbers differ between two views.</summary>
    public static IEnumerable<string> ChangedFigures(DashboardView before, DashboardView after)
    {
        if (!before.OrdersByStatus.OrderBy(p => p.Key).SequenceEqual(after.OrdersByStatus.OrderBy(p => p.Key))) yield return Orders;
        if (before.RevenuePaid != after.RevenuePaid) yield return Revenue;
        if (before.StockValue != after.StockValue) yield return StockValue;
        if (before.LowStockCount != after.LowStockCount) yield return LowStock;
        if (before.EventsTotal != after.EventsTotal) yield return Events;
    }
}
