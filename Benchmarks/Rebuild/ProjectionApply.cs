using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Benchmarks.Rebuild;

/// <summary>Applies events to fresh in-memory rows with a projection's own Apply, whatever its row type.</summary>
public static class ProjectionApply
{
    public static int All(IProjection projection, IReadOnlyList<StoredEvent> events)
    {
        var method = typeof(ProjectionApply).GetMethod(nameof(Typed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(projection.RowType);
        return (int)method.Invoke(null, [projection, events])!;
    }

    private static int Typed<TRow>(Projection<TRow> projection, IReadOnlyList<StoredEvent> events) where TRow : class, IReadModelRow
    {
        var rows = new InMemoryRowStore<TRow>();
        foreach (var e in events) projection.Apply(e, rows);
        return rows.Count;
    }
}
