using BlazorEs.Infrastructure.Projections;
using MemoryPack;

namespace BlazorEs.Infrastructure.ReadModels.Dashboard;

/// <summary>
/// One named number of the dashboard (see <see cref="DashboardKeys"/>). The projection also keeps its own
/// working numbers here (per product), under keys the dashboard query does not read.
/// </summary>
[MemoryPackable]
public sealed partial record DashboardFigure : IReadModelRow
{
    public string Key { get; init; } = "";
    public decimal Value { get; init; }
}

public static class DashboardKeys
{
    public const string OrdersPrefix = "orders:";
    public const string RevenuePaid = "revenue:paid";
    public const string StockValue = "stock:value";
    public const string LowStockCount = "stock:low";
    public const string EventsTotal = "events:total";
    public const string HourPrefix = "events:hour:";
    public const string DayPrefix = "events:day:";
    public const string HourFormat = "yyyy-MM-ddTHH";
    public const string DayFormat = "yyyy-MM-dd";

    public static string Orders(string status) => OrdersPrefix + status;

    public static string Hour(DateTime at) => HourPrefix + at.ToString(HourFormat, System.Globalization.CultureInfo.InvariantCulture);

    public static string Day(DateTime at) => DayPrefix + at.ToString(DayFormat, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Working numbers of the projection itself, not figures.</summary>
    public static bool IsWorking(string key) => key.StartsWith("p:", StringComparison.Ordinal);
}
