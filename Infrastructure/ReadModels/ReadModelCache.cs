using System.Collections;
using System.Collections.Concurrent;
using BlazorEs.Infrastructure.Limits;
using BlazorEs.Infrastructure.Projections;
using Microsoft.Extensions.Caching.Memory;

namespace BlazorEs.Infrastructure.ReadModels;

/// <summary>A cached query result that says how many rows it holds (what the cache's bound counts).</summary>
public interface IRowCount
{
    int RowCount { get; }
}

/// <summary>
/// Caches query results that are read far more often than they change. An entry belongs to one projection's
/// generation; every ReadModelsChanged (raised before the projection's checkpoint moves) starts a new one, so a stale
/// entry is never served, not even to a caller released by read-your-writes.
/// </summary>
/// <remarks>
/// Bounded by rows, not entries (<see cref="WorkLimits.CachedRows"/>): a page of 500 rows weighs 500, so a few large
/// pages can no longer hold as much memory as 10,000 entries of anything. Its own MemoryCache, so the bound is not
/// shared with (nor broken by) anyone else's entries.
/// </remarks>
public sealed class ReadModelCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Subscribes for its lifetime (a singleton): entries exist only once it does, so none can be missed.</summary>
    public ReadModelCache(ReadModelChangeFeed changes, WorkLimits? limits = null)
    {
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, (limits ?? new WorkLimits()).CachedRows) });
        changes.Changed += change => Invalidate(change.Projection);
    }

    public async Task<T> GetOrAddAsync<T>(string projection, string query, Func<Task<T>> load)
    {
        var key = (projection, _generations.GetValueOrDefault(projection), query);
        if (_cache.TryGetValue(key, out T? cached)) return cached!;
        var value = await load();
        _cache.Set(key, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5), Size = RowsOf(value) });
        return value;
    }

    /// <summary>How much an entry weighs: its rows (at least 1, for the entry itself).</summary>
    public static long RowsOf(object? value) => Math.Max(1, value switch
    {
        IRowCount rows => rows.RowCount,
        ICollection collection => collection.Count,
        _ => 1,
    });

    /// <summary>The rows the cache holds now (for tests and status).</summary>
    public long CachedRows => _cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    public void Invalidate(string projection) => _generations.AddOrUpdate(projection, 1, (_, g) => g + 1);

    public void Dispose() => _cache.Dispose();
}
