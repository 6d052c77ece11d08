using System.Collections.Concurrent;

namespace BlazorEs.Infrastructure.Commands;

/// <summary>
/// The last folded state of recently used streams. Only an optimisation: a command decides on a cached state
/// without reading the store, and a stale entry (another instance appended) surfaces as a conflict on the append's
/// expected version, after which the entry is forgotten and the command decided again on the stored stream; other
/// loads read the events after the cached version (see <see cref="DecisionSession"/>).
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

    /// <summary>Drops the entry: the next load reads the whole stream.</summary>
    public void Forget(string streamId) => _entries.TryRemove(streamId, out _);

    public void Set(string streamId, object state, long version)
    {
        if (_entries.Count >= Capacity) _entries.Clear();
        _entries.AddOrUpdate(streamId, (state, version), (_, old) => old.Version >= version ? old : (state, version));
    }
}
