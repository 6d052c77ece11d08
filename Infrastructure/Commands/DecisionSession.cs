using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Streams.Snapshots;

namespace BlazorEs.Infrastructure.Commands;

/// <summary>
/// Loads the streams one decision reads and remembers the version of each, so the append expects exactly the
/// versions the decision was made on.
/// </summary>
/// <remarks>
/// With <paramref name="trustCache"/> a stream found in the <see cref="StreamStateCache"/> is taken as it is, without
/// asking the store for newer events: the state this instance's own last append left. Another instance may have
/// appended since; then the append's expected version no longer matches inside the writer's transaction and the
/// command gets a conflict, which <see cref="ExecuteCommandHandler"/> answers by forgetting the entry and deciding
/// again on the stored stream. A trusted state can also refuse (or accept) what the stored one would not, where
/// no append checks it: <see cref="FromCache"/> says when a refusal, an expected-version mismatch or a stream read
/// but not written must be checked against the store first (<see cref="CachedStreamsCurrentAsync"/>).
/// A stream not in the cache is loaded through <see cref="StreamStates"/>: its newest snapshot and the events after it.
/// </remarks>
public sealed class DecisionSession(StreamStates states, StreamStateCache cache, bool trustCache = false)
{
    private static readonly IReadOnlyDictionary<string, Product> NoProducts = new Dictionary<string, Product>();
    private readonly Dictionary<string, long> _versions = new();
    private readonly Dictionary<string, (object State, Func<object, object, object> Evolve)> _states = new();
    private readonly HashSet<string> _fromCache = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Versions => _versions;

    /// <summary>The streams taken from the cache without reading the store.</summary>
    public IReadOnlyCollection<string> FromCache => _fromCache;

    public Task<Product> ProductAsync(string sku, CancellationToken ct) =>
        LoadAsync(StreamIds.Product(sku), StreamStateKinds.Product, ct);

    public Task<Order> OrderAsync(string orderId, CancellationToken ct) =>
        LoadAsync(StreamIds.Order(orderId), StreamStateKinds.Order, ct);

    public async Task<IReadOnlyDictionary<string, Product>> ProductsAsync(IEnumerable<string> skus, CancellationToken ct)
    {
        if (skus.TryGetNonEnumeratedCount(out var count) && count == 0) return NoProducts;
        var products = new Dictionary<string, Product>();
        foreach (var sku in skus.Distinct())
            products[sku] = await ProductAsync(sku, ct);
        return products;
    }

    private async Task<T> LoadAsync<T>(string streamId, StreamStateKind<T> kind, CancellationToken ct) where T : notnull
    {
        var cached = cache.TryGet(streamId, out T state, out var version);
        if (cached && trustCache)
        {
            _fromCache.Add(streamId);
        }
        else
        {
            var loaded = cached
                ? await states.FoldAfterAsync(kind, streamId, state, version, ct: ct)
                : await states.LoadAsync(kind, streamId, ct: ct);
            (state, version) = (loaded.State, loaded.Version);
            cache.Set(streamId, state, version);
        }
        _versions[streamId] = version;
        _states[streamId] = (state, (s, e) => kind.Evolve((T)s, e));
        return state;
    }

    /// <summary>
    /// True when none of <paramref name="streamIds"/> that came from the cache has newer events in the store. Any
    /// newer events found are folded into the cache, so a second session finds the stream current.
    /// </summary>
    public async Task<bool> CachedStreamsCurrentAsync(IEnumerable<string> streamIds, CancellationToken ct)
    {
        var current = true;
        foreach (var streamId in streamIds.Where(_fromCache.Contains).ToList())
        {
            var newer = await states.Reader.ReadStreamAsync(streamId, _versions[streamId] + 1, ct: ct);
            if (newer.Count == 0) continue;
            var (state, evolve) = _states[streamId];
            foreach (var e in newer) state = evolve(state, e.Data);
            cache.Set(streamId, state, newer[^1].StreamVersion);
            current = false;
        }
        return current;
    }

    /// <summary>
    /// After <paramref name="changes"/> were appended with the versions this session read: caches each stream's state
    /// with its new events folded in, so the next decision on it starts from there instead of reading them back.
    /// </summary>
    public void Appended(IReadOnlyList<StreamChange> changes)
    {
        foreach (var change in changes)
        {
            if (!_states.TryGetValue(change.StreamId, out var loaded)) continue;
            var state = loaded.State;
            foreach (var e in change.Events) state = loaded.Evolve(state, e);
            var version = _versions[change.StreamId] += change.Events.Count;
            _states[change.StreamId] = (state, loaded.Evolve);
            cache.Set(change.StreamId, state, version);
        }
    }

    public AppendRequest ToAppendRequest(IReadOnlyList<StreamChange> changes, EventMetadata metadata, DateTime? recordedAt) =>
        new(changes.Select(c => new StreamAppend(c.StreamId, ExpectedFor(c.StreamId), c.Events)).ToArray(), metadata, recordedAt);

    private long ExpectedFor(string streamId) =>
        _versions.TryGetValue(streamId, out var version)
            ? version
            : throw new InvalidOperationException($"A decision wrote to {streamId} without reading it first.");
}
