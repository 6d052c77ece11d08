using System.Collections.Concurrent;
using BlazorEs.Infrastructure.Projections;
using Microsoft.Extensions.Caching.Memory;

namespace BlazorEs.Infrastructure.ReadModels;

/// <summary>
/// Caches query results that are read far more often than they change. An entry belongs to one projection's
/// generation; every ReadModelsChanged (raised before the projection's checkpoint moves) starts a new one, so a stale
/// entry is never served, not even to a caller released by read-your-writes.
/// </summary>
public sealed class ReadModelCache
{
    private readonly IMemoryCache _cache;
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Subscribes for its lifetime (a singleton): entries exist only once it does, so none can be missed.</summary>
    public ReadModelCache(IMemoryCache cache, ReadModelChangeFeed changes)
    {
        _cache = cache;
        changes.Changed += change => Invalidate(change.Projection);
    }

    public async Task<T> GetOrAddAsync<T>(string projection, string query, Func<Task<T>> load)
    {
        var key = (projection, _generations.GetValueOrDefault(projection), query);
        if (_cache.TryGetValue(key, out T? cached)) return cached!;
        var value = await load();
        _cache.Set(key, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5), Size = 1 });
        return value;
    }

    public void Invalidate(string projection) => _generations.AddOrUpdate(projection, 1, (_, g) => g + 1);
}
