using System.Collections.Concurrent;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// The recent stretch of the log, read once for every projection: runners catching up side by side ask for the
/// same batches, and without this each would read and deserialize them itself. Events are immutable records, so
/// sharing them is safe. Rebuilds and verifications read the store directly.
/// </summary>
/// <remarks>
/// Given this instance's <see cref="StoreHead"/>, it also holds every event this instance's writer commits, as the
/// writer stored it, so the round after a command finds the command's events here instead of reading them back.
/// A stretch is served from here without asking the store only when its positions are contiguous from the start and
/// reach the position the caller needs: a position missing in between (another instance's commit) stops the
/// stretch there and the rest is read from the store, so nothing is skipped and positions are still seen in order.
/// A caller that wants the head (no position) always asks the store for what lies beyond.
/// </remarks>
public sealed class SharedEventFeed
{
    private const int Capacity = 50_000;
    private readonly EventReader _reader;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<StoredEvent> _recent = new();
    private readonly Dictionary<long, StoredEvent> _byPosition = new();
    private readonly ConcurrentQueue<IReadOnlyList<StoredEvent>> _committed = new();

    public SharedEventFeed(EventReader reader, StoreHead? head = null)
    {
        _reader = reader;
        head?.OnCommitted(_committed.Enqueue);
    }

    /// <summary>
    /// Up to <paramref name="count"/> events after <paramref name="after"/>, in position order (possibly fewer: ask again).
    /// When they reach <paramref name="needed"/> without a gap, the store is not asked whether more lie beyond.
    /// </summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(long after, int count, long? needed, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            while (_committed.TryDequeue(out var committed)) Remember(committed);
            if (_byPosition.ContainsKey(after + 1))
            {
                var cached = new List<StoredEvent>(Math.Min(count, _byPosition.Count));
                for (var p = after + 1; cached.Count < count && _byPosition.TryGetValue(p, out var e); p++) cached.Add(e);
                if (cached.Count == count || after + cached.Count >= needed) return cached;
                var rest = await _reader.ReadAllAsync(after + cached.Count, count - cached.Count, ct: ct);
                Remember(rest);
                cached.AddRange(rest);
                return cached;
            }

            var batch = await _reader.ReadAllAsync(after, count, ct: ct);
            Remember(batch);
            return batch;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Remember(IReadOnlyList<StoredEvent> batch)
    {
        foreach (var e in batch)
        {
            if (!_byPosition.TryAdd(e.Position, e)) continue;
            _recent.Enqueue(e);
        }
        while (_recent.Count > Capacity) _byPosition.Remove(_recent.Dequeue().Position);
    }
}
