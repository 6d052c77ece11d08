using BlazorEs.Domain.Orders;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Limits;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>
/// A page of the orders as of a point, newest placed first, of every status or one, without restoring every order
/// there was: the orders that existed at the point are the streams of the OrderPlaced events at or before it (a seek
/// in the (Type, Position) index, newest first), and a page's orders are their streams folded to the point with the
/// OrderSummaries projection's own Apply — an order's row is made by its stream alone (<see cref="IKeyedByStream"/>).
/// So the cost follows the page, not the history: at 10M events there are about 1.5M orders, and restoring them all
/// was most of an "as of" (docs/benchmarks.md). The total is the dashboard's order figures as of the same point.
/// </summary>
/// <remarks>
/// A page of one status folds orders newest first in batches until it has passed the pages before it and filled its
/// own: a page of a rare status deep in a long history folds every order placed after it (no worse than restoring
/// them all, as every "as of" did before). Recorded-at never runs backwards along positions, so "newest placed
/// first" (PlacedAt descending) is "OrderPlaced position descending".
/// </remarks>
public sealed class OrdersAsOf(ProjectionCatalog catalog, EventReader reader, WorkGates? gates = null)
{
    /// <summary>The stored type of the event that starts an order's stream and makes its row.</summary>
    public const string PlacedType = nameof(OrderPlaced);

    private const int Batch = 500;

    /// <summary>
    /// Page <paramref name="page"/> (from 1) of the orders as of <paramref name="position"/>, of <paramref name="status"/>
    /// only when given; <paramref name="figures"/> are the dashboard's as of the same position (the totals).
    /// </summary>
    public async Task<Page<OrderSummary>> PageAsync(long position, DashboardView figures, string? status, int page, int pageSize, CancellationToken ct)
    {
        var total = (int)Math.Min(int.MaxValue, status is null ? figures.TotalOrders : figures.OrdersByStatus.GetValueOrDefault(status));
        var skip = ((long)page - 1) * pageSize;
        if (position <= 0 || skip >= total) return new Page<OrderSummary>([], total, page, pageSize);
        using var slot = gates is null ? null : await gates.EnterAsync(WorkKind.Replay, ct); // a replay like the others: bounded in number

        if (status is null)
        {
            var streams = await reader.StreamsOfTypeAsync(PlacedType, position, (int)skip, pageSize, ct);
            return new Page<OrderSummary>(await FoldAsync(streams, position, ct), total, page, pageSize);
        }

        var rows = new List<OrderSummary>(pageSize);
        var passed = 0L;
        for (var before = position; rows.Count < pageSize;)
        {
            var streams = await reader.StreamsOfTypeAsync(PlacedType, before, 0, Batch, ct);
            foreach (var row in await FoldAsync(streams, position, ct))
            {
                if (row.Status != status) continue;
                if (passed++ < skip) continue;
                rows.Add(row);
                if (rows.Count == pageSize) break;
            }
            // Every order of the status is placed at or before this batch's oldest once the count reaches the total: stop there.
            if (streams.Count < Batch || passed >= total) break;
            before = streams[^1].Position - 1;
        }
        return new Page<OrderSummary>(rows, total, page, pageSize);
    }

    /// <summary>The rows of these order streams as of <paramref name="position"/>, in the order the streams are given.</summary>
    private async Task<IReadOnlyList<OrderSummary>> FoldAsync(IReadOnlyList<(string StreamId, long Position)> streams, long position, CancellationToken ct)
    {
        var projection = catalog.TryGet(OrderSummariesProjection.ProjectionName, out var runner)
            ? runner.Projection
            : throw new InvalidOperationException($"{OrderSummariesProjection.ProjectionName} is not registered.");
        var memory = projection.NewMemory();
        foreach (var e in await reader.ReadStreamsAsync(streams.Select(s => s.StreamId).ToList(), position, ct))
            memory.Apply(e);
        var keyed = (IKeyedByStream)projection;
        var order = streams.Select((s, i) => (s.StreamId, i)).ToDictionary(s => s.StreamId, s => s.i, StringComparer.Ordinal);
        return memory.Rows.Cast<OrderSummary>().OrderBy(r => order[keyed.StreamOf(r.OrderId)]).ToList();
    }
}
