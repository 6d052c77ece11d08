using System.Collections.Concurrent;
using System.Text.Json;
using BlazorEs.App.Live;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Microsoft.AspNetCore.SignalR.Client;

namespace BlazorEs.Benchmarks.Live;

/// <summary>
/// The server half of the path, seen from a plain SignalR client on LiveHub in this process: when each receipt's event
/// was stamped (RecordedAt, inside the append), when its EventsAppended message arrived, and when the StockLevels
/// ReadModelsChanged message covering it arrived. A watching console's circuit gets the same messages the same way.
/// </summary>
public sealed class ServerTap : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly ConcurrentDictionary<string, (long Position, DateTime RecordedAt, DateTime Arrived)> _events = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(long Position, DateTime Arrived)> _stockChanges = new();

    private ServerTap(HubConnection connection) => _connection = connection;

    public static async Task<ServerTap> StartAsync(string address)
    {
        var connection = new HubConnectionBuilder().WithUrl(address + LiveMessageNames.HubPath).Build();
        var tap = new ServerTap(connection);
        connection.On<IReadOnlyList<EventSummary>>(LiveMessageNames.EventsAppended, tap.OnEvents);
        connection.On<IReadOnlyList<ReadModelChange>>(LiveMessageNames.ReadModelsChanged, tap.OnChanges);
        await connection.StartAsync();
        return tap;
    }

    /// <summary>Unix ms of the receipt's stamp, its EventsAppended arrival and its StockLevels change arrival (null where not seen).</summary>
    public (double? RecordedAt, double? EventsPushed, double? StockPushed) TimesOf(string reference)
    {
        if (!_events.TryGetValue(reference, out var e)) return (null, null, null);
        var stock = _stockChanges.Where(c => c.Position >= e.Position).Select(c => (DateTime?)c.Arrived).Min();
        return (UnixMs(e.RecordedAt), UnixMs(e.Arrived), stock is { } s ? UnixMs(s) : null);
    }

    private void OnEvents(IReadOnlyList<EventSummary> events)
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

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
