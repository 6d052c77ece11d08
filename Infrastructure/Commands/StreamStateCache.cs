using System.Collections.Concurrent;

namespace BlazorEs.Infrastructure.Commands;

/// <summary>
/// The last folded state of recently used streams. Only an optimisation: a load always reads the stream's events
/// after the cached version, so a stale entry costs one short query, never a wrong decision.
/// </summary>
public sealed class StreamStateCache
{
    private const int Capacity = 50_000;
    private readonly ConcurrentDictionary<string, (object State, long Version)> _entries = new();

    public bool TryGet<T>(string streamId, out T state, out long version)
    {
        if (_entries.TryGetValue(streamId, out var entry) && entry.State is T typed)
        {
            state = typed;
            version = entry.Version;
            return true;
        }
        state = default!;
        version = 0;
        return false;
    }

    public void Set(string streamId, object state, long version)
    {
        if (_entries.Count >= Capacity) _entries.Clear();
        _entries.AddOrUpdate(streamId, (state, version), (_, old) => old.Version >= version ? old : (state, version));
    }
}
