using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>
/// The read models as a comparison of two states needs them (a diff between two points, a compensation's preview),
/// restored once: every read model whole but the orders, and of the orders only those of the streams that can differ.
/// An order's row is made by its stream alone, so an order whose stream has no event between the two points is the
/// same at both. At 10M events there are about 1.5M orders, and restoring them all at both points was most of a diff's
/// time (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// The later state is the earlier one with the events between applied: the rows taken at the earlier point stay as
/// they were, because a projection's Apply puts a new row (a record <c>with</c> the change) instead of changing one.
/// </remarks>
/// <param name="foldedUpTo">The widest window folded from its streams (<see cref="FoldedUpTo"/>; a test narrows it to try both ways).</param>
public sealed class ReplayRows(ReplayAsOf replay, OrdersAsOf orders, ProjectionCatalog catalog, EventReader reader, long foldedUpTo = ReplayRows.FoldedUpTo)
{
    /// <summary>
    /// The most events between two points for which the orders are folded from the streams written between them; a
    /// wider window restores every order at both points (one pass over the snapshots beats folding most of the streams).
    /// </summary>
    public const long FoldedUpTo = 50_000;

    private const int Batch = 5_000;

    /// <summary>Every read model's rows at <paramref name="from"/> and at <paramref name="to"/> (either may be the later).</summary>
    public async Task<(IReadOnlyDictionary<string, IReadOnlyList<object>> Before, IReadOnlyDictionary<string, IReadOnlyList<object>> After)> BetweenAsync(
        long from, long to, CancellationToken ct)
    {
        var (low, high) = from <= to ? (from, to) : (to, from);
        if (high - low > foldedUpTo)
            return (ReplayDiff.RowsOf(await replay.AllAsync(from, ct)), ReplayDiff.RowsOf(await replay.AllAsync(to, ct)));

        // The read models restored whole and the window's streams are read side by side; then the window's orders.
        var restoring = ReadModelsButOrdersAsync(low, ct);
        var finding = reader.StreamsWrittenBetweenAsync(low, high, ct);
        await Task.WhenAll(restoring, finding);
        var state = await WithOrdersAsync(restoring.Result, finding.Result, low, ct);
        var atLow = ReplayDiff.RowsOf(state);
        await foreach (var batch in reader.ScanAsync(low, high, Batch, ct))
            foreach (var e in batch)
                foreach (var memory in state.Values) memory.Apply(e);
        var atHigh = ReplayDiff.RowsOf(state);
        return from <= to ? (atLow, atHigh) : (atHigh, atLow);
    }

    /// <summary>
    /// Every read model as of <paramref name="position"/>, the orders among them holding only the orders of
    /// <paramref name="streams"/>: the state a compensation's preview applies its planned events to.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IProjectionMemory>> AsOfAsync(long position, IReadOnlyCollection<string> streams, CancellationToken ct) =>
        await WithOrdersAsync(await ReadModelsButOrdersAsync(position, ct), streams, position, ct);

    private async Task<Dictionary<string, IProjectionMemory>> ReadModelsButOrdersAsync(long position, CancellationToken ct)
    {
        var whole = catalog.All.Select(r => r.Name).Where(n => n != OrderSummariesProjection.ProjectionName).ToList();
        return new Dictionary<string, IProjectionMemory>(await replay.ReadModelsAsync(whole, position, ct), StringComparer.OrdinalIgnoreCase);
    }

    private async Task<Dictionary<string, IProjectionMemory>> WithOrdersAsync(Dictionary<string, IProjectionMemory> state, IReadOnlyCollection<string> streams, long position, CancellationToken ct)
    {
        if (catalog.TryGet(OrderSummariesProjection.ProjectionName, out _))
            state[OrderSummariesProjection.ProjectionName] = await orders.OfStreamsAsync(streams, position, ct);
        return state;
    }
}
