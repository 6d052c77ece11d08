using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// The recent stretch of the log, read once for every projection: runners catching up side by side ask for the
/// same batches, and without this each would read and deserialize them itself. Events are immutable records, so
/// sharing them is safe. Rebuilds and verifications read the store directly.
/// </summary>
public sealed class SharedEventFeed(EventReader reader)
{
    private const int Capacity = 50_000;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<StoredEvent> _recent = new();
    private readonly Dictionary<long, StoredEvent> _byPosition = new();

    /// <summary>Up to <paramref name="count"/> events after <paramref name="after"/>, in position order (possibly fewer: ask again).</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(long after, int count, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_byPosition.ContainsKey(after + 1))
            {
                var cached = new List<StoredEvent>(Math.Min(count, _byPosition.Count));
                for (var p = after + 1; cached.Count < count && _byPosition.TryGetValue(p, out var e); p++) cached.Add(e);
                if (cached.Count == count) return cached;
                var rest = await reader.ReadAllAsync(after + cached.Count, count - cached.Count, ct: ct);
                Remember(rest);
                cached.AddRange(rest);
                return cached;
            }

            var batch = await reader.ReadAllAsync(after, count, ct: ct);
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
