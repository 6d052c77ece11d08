using BlazorEs.Infrastructure.ReadModels.Dashboard;

namespace BlazorEs.Infrastructure.Tests.ReadModels.Dashboard;

public sealed class DashboardViewTests
{
    private static readonly DateTime AsOf = new(2026, 11, 21, 0, 40, 12, DateTimeKind.Utc);

    private static DashboardFigure Figure(string key, decimal value) => new() { Key = key, Value = value };

    [Fact]
    public void TheViewHas48HourlyPointsEndingAtTheAsOfHour()
    {
        var view = DashboardView.From([], AsOf);

        Assert.Equal(48, view.EventsPerHour.Count);
        Assert.Equal(new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc), view.EventsPerHour[^1].Start);
        Assert.Equal(new DateTime(2026, 11, 19, 1, 0, 0, DateTimeKind.Utc), view.EventsPerHour[0].Start);
        Assert.All(view.EventsPerHour.Zip(view.EventsPerHour.Skip(1)), p => Assert.Equal(TimeSpan.FromHours(1), p.Second.Start - p.First.Start));
        Assert.All(view.EventsPerHour, p => Assert.Equal(DateTimeKind.Utc, p.Start.Kind));
    }

    [Fact]
    public void TheViewHas60DailyPointsEndingOnTheAsOfDay()
    {
        var view = DashboardView.From([], AsOf);

        Assert.Equal(60, view.EventsPerDay.Count);
        Assert.Equal(new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc), view.EventsPerDay[^1].Start);
        Assert.Equal(new DateTime(2026, 9, 23, 0, 0, 0, DateTimeKind.Utc), view.EventsPerDay[0].Start);
        Assert.All(view.EventsPerDay.Zip(view.EventsPerDay.Skip(1)), p => Assert.Equal(TimeSpan.FromDays(1), p.Second.Start - p.First.Start));
        Assert.All(view.EventsPerDay, p => Assert.Equal(DateTimeKind.Utc, p.Start.Kind));
    }

    [Fact]
    public void EachPointCountsItsOwnHourOrDayAndHoursOutsideTheWindowAreLeftOut()
    {
        var view = DashboardView.From(
        [
            Figure("events:hour:2026-11-21T00", 7),
            Figure("events:hour:2026-11-20T23", 3),
            Figure("events:hour:2026-11-19T01", 2),
            Figure("events:hour:2026-11-19T00", 100),
            Figure("events:hour:2026-11-21T01", 100),
            Figure("events:day:2026-11-21", 7),
            Figure("events:day:2026-11-20", 40),
            Figure("events:day:2026-09-22", 100),
        ], AsOf);

        Assert.Equal(12, view.EventsPerHour.Sum(p => p.Count));
        Assert.Equal([2L, 3L, 7L], view.EventsPerHour.Where(p => p.Count > 0).Select(p => p.Count));
        Assert.Equal(7, view.EventsPerHour[^1].Count);
        Assert.Equal(3, view.EventsPerHour[^2].Count);
        Assert.Equal(2, view.EventsPerHour[0].Count);
        Assert.Equal((7L, 40L), (view.EventsPerDay[^1].Count, view.EventsPerDay[^2].Count));
        Assert.Equal(47, view.EventsPerDay.Sum(p => p.Count));
    }

    [Fact]
    public void TheHeadlineFiguresComeFromTheirKeysAndWorkingNumbersAreIgnored()
    {
        var view = DashboardView.From(
        [
            Figure("orders:Placed", 4), Figure("orders:Paid", 3), Figure("orders:Shipped", 2), Figure("orders:Cancelled", 1),
            Figure("revenue:paid", 123.45m), Figure("stock:value", 999.5m), Figure("stock:low", 6), Figure("events:total", 77),
            Figure("p:A:onhand", 5), Figure("o:O1", 1),
        ], AsOf);

        Assert.Equal(new Dictionary<string, long> { ["Placed"] = 4, ["Paid"] = 3, ["Shipped"] = 2, ["Cancelled"] = 1 }, view.OrdersByStatus);
        Assert.Equal(10, view.TotalOrders);
        Assert.Equal((123.45m, 999.5m, 6L, 77L), (view.RevenuePaid, view.StockValue, view.LowStockCount, view.EventsTotal));
        Assert.Equal(AsOf, view.AsOf);
    }

    [Fact]
    public void TheQueryWindowStartsNoLaterThanTheFirstPointOfEachSeries()
    {
        var view = DashboardView.From([], AsOf);

        var (firstHour, firstDay) = DashboardView.Window(AsOf);

        Assert.True(string.CompareOrdinal(firstHour, DashboardKeys.Hour(view.EventsPerHour[0].Start)) <= 0);
        Assert.True(string.CompareOrdinal(firstDay, DashboardKeys.Day(view.EventsPerDay[0].Start)) <= 0);
    }
}
