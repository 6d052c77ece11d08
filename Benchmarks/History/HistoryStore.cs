using System.Diagnostics;
using BlazorEs.Benchmarks.Suite;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Benchmarks.History;

/// <summary>
/// The large store scenarios 3-5 read (1,000,000 events in a full run), generated once per run by appending the
/// <see cref="WarehouseHistory"/> through EventStoreWriter in waves of about 1,000 events (one group commit each).
/// </summary>
public sealed class HistoryStore
{
    private static HistoryStore? _shared;

    private HistoryStore(BenchStore store, long head, IReadOnlyList<string> correlations, DateTime from, DateTime to, double eventsPerSecond)
    {
        Store = store;
        Head = head;
        Correlations = correlations;
        From = from;
        To = to;
        GenerationEventsPerSecond = eventsPerSecond;
    }

    public BenchStore Store { get; }

    public long Head { get; }

    public IReadOnlyList<string> Correlations { get; }

    public DateTime From { get; }

    public DateTime To { get; }

    public double GenerationEventsPerSecond { get; }

    public static async Task<HistoryStore> GetAsync(BenchContext context)
    {
        if (_shared is not null) return _shared;
        if (context.HistoryFile is { } kept && File.Exists(kept)) return _shared = await ReuseAsync(context, kept);
        var store = context.HistoryFile is { } file
            ? await BenchStore.CreateAsync(Path.GetDirectoryName(file)!, Path.GetFileNameWithoutExtension(file))
            : await BenchStore.CreateAsync(context.Folder("history"), "history");
        var history = new WarehouseHistory(context.Size.Products);
        long events = 0;
        var clock = Stopwatch.StartNew();
        while (events < context.Size.HistoryEvents)
        {
            var wave = new List<Task<CommitResult>>();
            var waveEvents = 0;
            while (waveEvents < BenchmarkSize.BulkCommitSize && events + waveEvents < context.Size.HistoryEvents)
            {
                var request = history.Next();
                waveEvents += request.Streams.Sum(s => s.Events.Count);
                wave.Add(store.Writer.AppendAsync(request));
            }
            await Task.WhenAll(wave);
            events += waveEvents;
            if (events % 100_000 < waveEvents) context.Log($"history: {events:N0} events");
        }
        var rate = events / clock.Elapsed.TotalSeconds;
        var head = await store.Reader.HeadPositionAsync();
        context.Log($"history: {head:N0} events in {clock.Elapsed.TotalSeconds:F1} s ({rate:N0}/s), {history.Skipped} refused commands skipped");
        _shared = new HistoryStore(store, head, history.Correlations, WarehouseHistory.Start, history.Clock, rate);
        return _shared;
    }

    /// <summary>
    /// A history kept by an earlier run (`--history`): the same events, so the same correlations (the first 10,000
    /// orders') and time range; its generation rate is unknown (NaN).
    /// </summary>
    private static async Task<HistoryStore> ReuseAsync(BenchContext context, string path)
    {
        var store = BenchStore.Open(path);
        var head = await store.Reader.HeadPositionAsync();
        using var connection = store.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CorrelationId FROM Events WHERE Type = 'OrderPlaced' ORDER BY Position LIMIT 10000";
        var correlations = new List<string>();
        using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) correlations.Add(reader.GetString(0));
        var last = (await store.Reader.ReadAllAsync(head - 1, 1)).Single().RecordedAt;
        context.Log($"history: reusing {head:N0} events in {path}");
        return new HistoryStore(store, head, correlations, WarehouseHistory.Start, last, double.NaN);
    }

    public static async ValueTask DisposeAsync()
    {
        if (_shared is null) return;
        await _shared.Store.DisposeAsync();
        _shared = null;
    }
}
