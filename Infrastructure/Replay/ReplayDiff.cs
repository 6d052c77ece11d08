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
        IReadOnlyDictionary<string, IProjectionMemory> before, IReadOnlyDictionary<string, IProjectionMemory> after) =>
        Between(from, to, RowsOf(before), RowsOf(after));

    /// <summary>The diff of every read model's rows at the two points (each list as <see cref="IProjectionMemory.Rows"/> gives it).</summary>
    public static ReplayDiff Between(AsOfPoint from, AsOfPoint to,
        IReadOnlyDictionary<string, IReadOnlyList<object>> before, IReadOnlyDictionary<string, IReadOnlyList<object>> after)
    {
        var models = after.Keys.Order(StringComparer.Ordinal).Select(name => Rows(name, before[name], after[name])).ToList();
        return new ReplayDiff(from, to, models, FigureChanges(before, after, from, to));
    }

    /// <summary>Each read model's rows as they are now, by name: the memories may go on applying events after this.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<object>> RowsOf(IReadOnlyDictionary<string, IProjectionMemory> memories) =>
        memories.ToDictionary(m => m.Key, m => m.Value.Rows, StringComparer.OrdinalIgnoreCase);

    private static ReadModelDiff Rows(string projection, IReadOnlyList<object> before, IReadOnlyList<object> after)
    {
        var old = before.Cast<IReadModelRow>().Where(r => !DashboardKeys.IsWorking(r.Key)).ToDictionary(r => r.Key, StringComparer.Ordinal);
        var added = new List<object>();
        var changed = new List<RowChange>();
        foreach (var row in after.Cast<IReadModelRow>().Where(r => !DashboardKeys.IsWorking(r.Key)))
        {
            if (!old.Remove(row.Key, out var was)) added.Add(row);
            else if (!was.Equals(row)) changed.Add(new RowChange(row.Key, was, row));
        }
        // By key, so the same diff reads the same whichever way its rows were restored.
        return new ReadModelDiff(projection,
            added.OrderBy(r => ((IReadModelRow)r).Key, StringComparer.Ordinal).ToList(),
            old.Values.OrderBy(r => r.Key, StringComparer.Ordinal).ToList<object>(),
            changed.OrderBy(c => c.Key, StringComparer.Ordinal).ToList());
    }

    private static List<FigureChange> FigureChanges(IReadOnlyDictionary<string, IReadOnlyList<object>> before, IReadOnlyDictionary<string, IReadOnlyList<object>> after, AsOfPoint from, AsOfPoint to)
    {
        if (!before.TryGetValue(DashboardFiguresProjection.ProjectionName, out var b) || !after.TryGetValue(DashboardFiguresProjection.ProjectionName, out var a))
            return [];
        var x = DashboardView.From(b.Cast<DashboardFigure>(), from.At ?? DateTime.UtcNow);
        var y = DashboardView.From(a.Cast<DashboardFigure>(), to.At ?? DateTime.UtcNow);
        var figures = x.OrdersByStatus.Select(s => new FigureChange($"Orders {s.Key}", s.Value, y.OrdersByStatus[s.Key])).ToList();
        figures.Add(new FigureChange("Revenue paid", x.RevenuePaid, y.RevenuePaid));
        figures.Add(new FigureChange("Stock value", x.StockValue, y.StockValue));
        figures.Add(new FigureChange("Low-stock products", x.LowStockCount, y.LowStockCount));
        figures.Add(new FigureChange("Events", x.EventsTotal, y.EventsTotal));
        return figures;
    }
}
