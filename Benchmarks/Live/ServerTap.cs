using BlazorEs.Benchmarks.Suite;
using System.Collections.Concurrent;
using System.Text.Json;
using BlazorEs.App.Live;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Benchmarks.Live;

/// <summary>
/// The server half of the path, seen from inside the app and from a plain SignalR client on LiveHub in this process:
/// when each receipt's event was stamped (RecordedAt, inside the append), when the StockLevels projection published the
/// rows covering it (after the read side's commit, taken synchronously in the app's ReadModelChangeFeed), when its
/// EventsAppended message arrived, and when the StockLevels ReadModelsChanged message covering it arrived. A watching
/// console's circuit gets the same messages from the same broadcaster, through the in-process LiveFeed instead of the hub.
/// </summary>
public sealed class ServerTap : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly ReadModelChangeFeed _feed;
    private readonly ConcurrentDictionary<string, (long Position, DateTime RecordedAt, DateTime Arrived)> _events = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(long Position, DateTime Arrived)> _stockChanges = new();
    private readonly ConcurrentQueue<(long Position, DateTime At)> _stockCommits = new();
    private readonly ConcurrentQueue<(long Position, DateTime At)> _stockFed = new();
    private readonly LiveSubscription _subscription;

    private ServerTap(HubConnection connection, IServiceProvider services)
    {
        _connection = connection;
        _feed = services.GetRequiredService<ReadModelChangeFeed>();
        // What a console circuit is handed: a subscription of the in-process feed, delivered by its own loop as B's is.
        _subscription = services.GetRequiredService<LiveFeed>().Subscribe(new FeedProbe(_stockFed));
    }

    public static async Task<ServerTap> StartAsync(string address, IServiceProvider services)
    {
        var token = await BenchSignIn.TokenAsync(address, services, "bench-tap");
        var connection = new HubConnectionBuilder()
            .WithUrl(address + LiveMessageNames.HubPath, o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var tap = new ServerTap(connection, services);
        connection.On<IReadOnlyList<RecordedEvent>>(LiveMessageNames.EventsAppended, tap.OnEvents);
        connection.On<IReadOnlyList<ReadModelChange>>(LiveMessageNames.ReadModelsChanged, tap.OnChanges);
        tap._feed.Changed += tap.OnCommitted;
        await connection.StartAsync();
        return tap;
    }

    /// <summary>Unix ms of each moment of the receipt's server half (null where not seen).</summary>
    public ServerTimes TimesOf(string reference)
    {
        if (!_events.TryGetValue(reference, out var e)) return new ServerTimes(null, null, null, null, null);
        return new ServerTimes(UnixMs(e.RecordedAt), FirstAt(_stockCommits, e.Position), UnixMs(e.Arrived),
            FirstAt(_stockChanges, e.Position), FirstAt(_stockFed, e.Position));
    }

    private static double? FirstAt(ConcurrentQueue<(long Position, DateTime At)> moments, long position) =>
        moments.Where(m => m.Position >= position).Select(m => (DateTime?)m.At).Min() is { } at ? UnixMs(at) : null;

    private void OnCommitted(ReadModelsChanged change)
    {
        if (change.Projection == StockLevelsProjection.ProjectionName) _stockCommits.Enqueue((change.Position, DateTime.UtcNow));
    }

    private void OnEvents(IReadOnlyList<RecordedEvent> events)
    {
        var now = DateTime.UtcNow;
        foreach (var e in events)
            if (ReferenceOf(e.Data) is { } reference) _events.TryAdd(reference, (e.Position, e.RecordedAt, now));
    }

    private void OnChanges(IReadOnlyList<ReadModelChange> changes)
    {
        var now = DateTime.UtcNow;
        foreach (var change in changes.Where(c => c.Projection == StockLevelsProjection.ProjectionName))
            _stockChanges.Enqueue((change.Position, now));
    }

    private static string? ReferenceOf(string data)
    {
        using var json = JsonDocument.Parse(data);
        if (json.RootElement.ValueKind != JsonValueKind.Object) return null;
        return json.RootElement.EnumerateObject()
            .Where(p => p.Name.Equals("reference", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String)
            .Select(p => p.Value.GetString())
            .FirstOrDefault();
    }

    private static double UnixMs(DateTime time) =>
        ((time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc)) - DateTime.UnixEpoch).TotalMilliseconds;

    public async ValueTask DisposeAsync()
    {
        _feed.Changed -= OnCommitted;
        _subscription.Dispose();
        await _connection.DisposeAsync();
    }

    /// <summary>Stamps each StockLevels change as the in-process feed delivers it to a subscriber (a circuit's CircuitLiveFeed is one).</summary>
    private sealed class FeedProbe(ConcurrentQueue<(long Position, DateTime At)> stockFed) : ILiveSubscriber
    {
        public Task OnEventsAsync(IReadOnlyList<RecordedEvent> events) => Task.CompletedTask;

        public Task OnChangesAsync(IReadOnlyList<ReadModelChange> changes)
        {
            var now = DateTime.UtcNow;
            foreach (var change in changes.Where(c => c.Projection == StockLevelsProjection.ProjectionName)) stockFed.Enqueue((change.Position, now));
            return Task.CompletedTask;
        }

        public Task OnOverflowedAsync() => Task.CompletedTask;
    }
}

/// <summary>
/// Unix ms of one receipt's server-side moments: stamped, StockLevels committed, the two pushes' arrivals at the hub
/// client, and the StockLevels change handed to an in-process feed subscriber (what B's circuit gets). (The
/// append's own commit has no synchronous hook; a waiter on the store's head wakes a thread-pool hop later, which under
/// load came out after the projection's commit, so it is not reported.)
/// </summary>
public sealed record ServerTimes(double? RecordedAt, double? StockCommitted, double? EventsPushed, double? StockPushed, double? StockFed);
