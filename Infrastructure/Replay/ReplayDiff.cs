using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.Dashboard;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>A figure of the dashboard at two points.</summary>
public sealed record FigureChange(string Figure, decimal From, decimal To)
{
    public decimal Delta => To - From;
}

/// <summary>One read model's rows added, removed and changed between two points.</summary>
public sealed record ReadModelDiff(string Projection, IReadOnlyList<object> Added, IReadOnlyList<object> Removed, IReadOnlyList<RowChange> Changed);

public sealed record RowChange(string Key, object From, object To);

/// <summary>What changed between two points in history.</summary>
public sealed record ReplayDiff(AsOfPoint From, AsOfPoint To, IReadOnlyList<ReadModelDiff> ReadModels, IReadOnlyList<FigureChange> Figures)
{
    public static ReplayDiff Between(AsOfPoint from, AsOfPoint to,
        IReadOnlyDictionary<string, IProjectionMemory> before, IReadOnlyDictionary<string, IProjectionMemory> after)
    {
        var models = after.Keys.Order(StringComparer.Ordinal).Select(name => Rows(name, before[name], after[name])).ToList();
        return new ReplayDiff(from, to, models, FigureChanges(before, after, from, to));
    }

    private static ReadModelDiff Rows(string projection, IProjectionMemory before, IProjectionMemory after)
    {
        var old = before.Rows.Cast<IReadModelRow>().Where(r => !DashboardKeys.IsWorking(r.Key)).ToDictionary(r => r.Key, StringComparer.Ordinal);
        var added = new List<object>();
        var changed = new List<RowChange>();
        foreach (var row in after.Rows.Cast<IReadModelRow>().Where(r => !DashboardKeys.IsWorking(r.Key)))
        {
            if (!old.Remove(row.Key, out var was)) added.Add(row);
            else if (!was.Equals(row)) changed.Add(new RowChange(row.Key, was, row));
        }
        return new ReadModelDiff(projection, added, old.Values.ToList<object>(), changed);
    }

    private static List<FigureChange> FigureChanges(IReadOnlyDictionary<string, IProjectionMemory> before, IReadOnlyDictionary<string, IProjectionMemory> after, AsOfPoint from, AsOfPoint to)
    {
        if (!before.TryGetValue(DashboardFiguresProjection.ProjectionName, out var b) || !after.TryGetValue(DashboardFiguresProjection.ProjectionName, out var a))
            return [];
        var x = ReplayAsOf.Dashboard(b, from);
        var y = ReplayAsOf.Dashboard(a, to);
        var figures = x.OrdersByStatus.Select(s => new FigureChange($"Orders {s.Key}", s.Value, y.OrdersByStatus[s.Key])).ToList();
        figures.Add(new FigureChange("Revenue paid", x.RevenuePaid, y.RevenuePaid));
        figures.Add(new FigureChange("Stock value", x.StockValue, y.StockValue));
        figures.Add(new FigureChange("Low-stock products", x.LowStockCount, y.LowStockCount));
        figures.Add(new FigureChange("Events", x.EventsTotal, y.EventsTotal));
        return figures;
    }
}
