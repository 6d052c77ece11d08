using BlazorEs.Domain;
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
/// Without a status the page is newest placed first (recorded-at never runs backwards along positions, so PlacedAt
/// descending is "OrderPlaced position descending"), and page n is an index offset. With one, the page is the orders
/// that entered the status most recently first (the OrderPaid, OrderShipped or OrderCancelled events at or before the
/// point, newest first; Placed is by placement), folded in batches until the pages before it are passed and its own is
/// full, and no further than the status's total: a deep page of a status orders leave again (Placed, Paid) folds every
/// order that entered it after the page.
/// </remarks>
public sealed class OrdersAsOf(ProjectionCatalog catalog, EventReader reader, WorkGates? gates = null)
{
    /// <summary>The stored type of the event that starts an order's stream and makes its row.</summary>
    public const string PlacedType = nameof(OrderPlaced);

    private const int Batch = 500;

    /// <summary>The statuses a page can be of: Placed, Paid, Shipped, Cancelled.</summary>
    public static IReadOnlyList<string> Statuses => [.. EnteredBy.Keys];

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

        // The orders of one status are looked for among the streams of the event that gives an order that status (an
        // order is paid, shipped or cancelled once), newest first: the newest cancellations, not the newest orders, most
        // of which are not cancelled yet. A candidate's fold to P says whether it still has the status then.
        var entering = EnteredBy[status];
        var rows = new List<OrderSummary>(pageSize);
        var passed = 0L;
        var batch = (int)Math.Clamp(skip + pageSize, pageSize, Batch);
        for (var before = position; rows.Count < pageSize;)
        {
            var streams = await reader.StreamsOfTypeAsync(entering, before, 0, batch, ct);
            foreach (var row in await FoldAsync(streams, position, ct))
            {
                if (row.Status != status) continue;
                if (passed++ < skip) continue;
                rows.Add(row);
                if (rows.Count == pageSize) break;
            }
            // Every order of the status entered it at or after this batch's oldest once the count reaches the total: stop there.
            if (streams.Count < batch || passed >= total) break;
            before = streams[^1].Position - 1;
            batch = Batch;
        }
        return new Page<OrderSummary>(rows, total, page, pageSize);
    }

    /// <summary>The statuses an order can have, as its row names them, each with the stored type of the event that gives it.</summary>
    private static readonly IReadOnlyDictionary<string, string> EnteredBy = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(OrderStatus.Placed)] = nameof(OrderPlaced),
        [nameof(OrderStatus.Paid)] = nameof(OrderPaid),
        [nameof(OrderStatus.Shipped)] = nameof(OrderShipped),
        [nameof(OrderStatus.Cancelled)] = nameof(OrderCancelled),
    };

    /// <summary>
    /// The OrderSummaries read model as of <paramref name="position"/> holding only the orders of
    /// <paramref name="streamIds"/> (streams that are not orders' are passed over): what a diff compares when only the
    /// streams written between its two points can differ.
    /// </summary>
    public async Task<IProjectionMemory> OfStreamsAsync(IEnumerable<string> streamIds, long position, CancellationToken ct)
    {
        var memory = Projection.NewMemory();
        // Each order's row is made by its stream alone, so the streams can be read in chunks, in any order.
        foreach (var chunk in streamIds.Where(s => s.StartsWith(StreamIds.OrderPrefix, StringComparison.Ordinal)).Chunk(EventReader.MaxStreamsPerRead))
            foreach (var e in await reader.ReadStreamsAsync(chunk, position, ct))
                memory.Apply(e);
        return memory;
    }

    private IProjection Projection => catalog.TryGet(OrderSummariesProjection.ProjectionName, out var runner)
        ? runner.Projection
        : throw new InvalidOperationException($"{OrderSummariesProjection.ProjectionName} is not registered.");

    /// <summary>The rows of these order streams as of <paramref name="position"/>, in the order the streams are given.</summary>
    private async Task<IReadOnlyList<OrderSummary>> FoldAsync(IReadOnlyList<(string StreamId, long Position)> streams, long position, CancellationToken ct)
    {
        var memory = await OfStreamsAsync(streams.Select(s => s.StreamId), position, ct);
        var keyed = (IKeyedByStream)memory.Projection;
        var order = streams.Select((s, i) => (s.StreamId, i)).ToDictionary(s => s.StreamId, s => s.i, StringComparer.Ordinal);
        return memory.Rows.Cast<OrderSummary>().OrderBy(r => order[keyed.StreamOf(r.OrderId)]).ToList();
    }
}
