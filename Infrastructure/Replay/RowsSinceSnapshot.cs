using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>
/// The keys each projection's live commits on this instance wrote, over an unbroken run of checkpoints: what a delta
/// snapshot must carry. Fed by <see cref="ReadModelChangeFeed"/> on the committing thread (under the projection's lock);
/// a change that is not such a commit (a rebuild, a park, another instance's) or a gap between two commits ends the
/// run, and the next snapshot of that projection is a full one. Holds keys only, and at most <see cref="MaxKeys"/> per
/// projection: the rows stay in the table.
/// </summary>
public sealed class RowsSinceSnapshot
{
    /// <summary>Past this many keys a delta would be as large as a full snapshot: the run ends, the next snapshot is full.</summary>
    public const int MaxKeys = 250_000;

    private readonly Dictionary<string, Run> _runs = new(StringComparer.OrdinalIgnoreCase);

    // Rows replaced other than by a commit (a rebuild may replace them by a new release's logic): the next snapshot
    // of these must not build on the ones before, even when no event came in between.
    private readonly HashSet<string> _replaced = new(StringComparer.OrdinalIgnoreCase);

    public RowsSinceSnapshot(ReadModelChangeFeed? feed)
    {
        if (feed is not null) feed.Changed += Record;
    }

    /// <summary>
    /// The keys written between <paramref name="since"/> and <paramref name="to"/> (a superset: the run may start
    /// earlier), or null when this instance did not see every commit in between; starts the next run at <paramref name="to"/>.
    /// Call under the projection's lock, with <paramref name="to"/> its stored checkpoint.
    /// </summary>
    public IReadOnlyCollection<string>? Take(string projection, long since, long to)
    {
        lock (_runs)
        {
            var run = _runs.GetValueOrDefault(projection);
            _runs[projection] = new Run(to, to, new HashSet<string>(StringComparer.Ordinal));
            var replaced = _replaced.Remove(projection);
            return !replaced && run is not null && run.From <= since && run.To == to ? run.Keys : null;
        }
    }

    private void Record(ReadModelsChanged change)
    {
        lock (_runs)
        {
            if (change.Committed is not { } committed)
            {
                _runs.Remove(change.Projection);
                _replaced.Add(change.Projection);
                return;
            }
            if (!_runs.TryGetValue(change.Projection, out var run) || run.To != committed.From)
                run = new Run(committed.From, committed.From, new HashSet<string>(StringComparer.Ordinal)); // a gap: a new run from this commit
            run.Keys.UnionWith(committed.Keys);
            if (run.Keys.Count > MaxKeys) _runs.Remove(change.Projection);
            else _runs[change.Projection] = run with { To = change.Position };
        }
    }

    private sealed record Run(long From, long To, HashSet<string> Keys);
}
