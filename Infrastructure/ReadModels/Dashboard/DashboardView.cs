using System.Globalization;
using BlazorEs.Domain.Orders;

namespace BlazorEs.Infrastructure.ReadModels.Dashboard;

public sealed record TimeCount(DateTime Start, long Count);

/// <summary>The dashboard's figures as of a moment (now for the live view, the cursor's time for replay).</summary>
public sealed record DashboardView(
    IReadOnlyDictionary<string, long> OrdersByStatus,
    decimal RevenuePaid,
    decimal StockValue,
    long LowStockCount,
    long EventsTotal,
    IReadOnlyList<TimeCount> EventsPerHour,
    IReadOnlyList<TimeCount> EventsPerDay,
    DateTime AsOf)
{
    public const int Hours = 48;
    public const int Days = 60;

    /// <summary>Builds the view from figure rows; working rows of the projection are ignored.</summary>
    public static DashboardView From(IEnumerable<DashboardFigure> figures, DateTime asOf)
    {
        var byKey = figures.Where(f => !DashboardKeys.IsWorking(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        decimal Get(string key) => byKey.GetValueOrDefault(key);

        var statuses = new[] { OrderStatus.Placed, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Cancelled }
            .ToDictionary(s => s.ToString(), s => (long)Get(DashboardKeys.Orders(s.ToString())));

        var hour = new DateTime(asOf.Year, asOf.Month, asOf.Day, asOf.Hour, 0, 0, DateTimeKind.Utc);
        var perHour = Enumerable.Range(0, Hours).Select(i => hour.AddHours(i - Hours + 1))
            .Select(h => new TimeCount(h, (long)Get(DashboardKeys.Hour(h)))).ToList();
        var perDay = Enumerable.Range(0, Days).Select(i => hour.Date.AddDays(i - Days + 1))
            .Select(d => new TimeCount(DateTime.SpecifyKind(d, DateTimeKind.Utc), (long)Get(DashboardKeys.Day(d)))).ToList();

        return new DashboardView(statuses, Get(DashboardKeys.RevenuePaid), Get(DashboardKeys.StockValue),
            (long)Get(DashboardKeys.LowStockCount), (long)Get(DashboardKeys.EventsTotal), perHour, perDay, asOf);
    }

    /// <summary>The first hour and day key the view needs, so a query reads no older rows.</summary>
    public static (string FirstHourKey, string FirstDayKey) Window(DateTime asOf) =>
        (DashboardKeys.Hour(asOf.AddHours(-Hours)), DashboardKeys.Day(asOf.AddDays(-Days)));

    public long TotalOrders => OrdersByStatus.Values.Sum();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Dashboard as of {AsOf:u}: {TotalOrders} orders, revenue {RevenuePaid}");
}
