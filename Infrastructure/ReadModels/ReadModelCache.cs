using System.Collections.Concurrent;
using BlazorEs.Infrastructure.Projections;
using Mediator;
using Microsoft.Extensions.Caching.Memory;

namespace BlazorEs.Infrastructure.ReadModels;

/// <summary>
/// Caches query results that are read far more often than they change. An entry belongs to one projection's
/// generation; a ReadModelsChanged notification starts a new generation, so a stale entry is never served.
/// </summary>
public sealed class ReadModelCache(IMemoryCache cache)
{
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.OrdinalIgnoreCase);

    public async Task<T> GetOrAddAsync<T>(string projection, string query, Func<Task<T>> load)
    {
        var key = (projection, _generations.GetValueOrDefault(projection), query);
        if (cache.TryGetValue(key, out T? cached)) return cached!;
        var value = await load();
        cache.Set(key, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5), Size = 1 });
        return value;
    }

    public void Invalidate(string projection) => _generations.AddOrUpdate(projection, 1, (_, g) => g + 1);
}

/// <summary>Starts a new cache generation whenever a projection commits.</summary>
public sealed class InvalidateReadModelCache(ReadModelCache cache) : INotificationHandler<ReadModelsChanged>
{
    public ValueTask Handle(ReadModelsChanged notification, CancellationToken cancellationToken)
    {
        cache.Invalidate(notification.Projection);
        return ValueTask.CompletedTask;
    }
}
