using System.Diagnostics;
using BlazorEs.Benchmarks.Suite;
using BlazorEs.Domain.Orders;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Seeding;

namespace BlazorEs.Benchmarks.History;

/// <summary>
/// The large store scenarios 3-5 read (1,000,000 events in a full run), generated once per run by appending the
/// <see cref="WarehouseHistory"/> (the seed's generator, at benchmark size) straight through EventStoreWriter in waves
/// of about 1,000 events (one group commit each): the command path would measure the commands, not the history.
/// </summary>
public sealed class HistoryStore
{
    public static readonly DateTime Start = new(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>A dozen people share the roles, so the timeline's "by user" filter keeps its selectivity.</summary>
    internal static readonly HistoryCast Cast = new(
        ["user-01", "user-02", "user-03"], ["user-04", "user-05"], ["user-06", "user-07", "user-08", "user-09"], ["user-10", "user-11"], ["user-12"]);

    public static IReadOnlyList<string> Users => Cast.Everyone;

    /// <summary>
    /// The benchmark's shape: its products over 30 days, with as many orders a day as fill the wanted events (an order
    /// with its payment, shipment and stock moves is about eight); the history stops at the events wanted.
    /// </summary>
    internal static WarehouseHistoryShape Shape(BenchmarkSize size) =>
        new(Days: 30, Products: size.Products, OrdersPerDay: Math.Max(1, size.HistoryEvents / 30 / 8), Seed: 42) { Cast = Cast };

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
        var commands = new WarehouseHistory(Shape(context.Size)).Commands().GetEnumerator();
        var metadata = new OrderMetadata();
        long events = 0;
        var last = Start;
        var clock = Stopwatch.StartNew();
        while (events < context.Size.HistoryEvents)
        {
            var wave = new List<Task<CommitResult>>();
            var waveEvents = 0;
            while (waveEvents < BenchmarkSize.BulkCommitSize && events + waveEvents < context.Size.HistoryEvents && commands.MoveNext())
            {
                var command = commands.Current;
                last = Start + command.At;
                waveEvents += command.EventCount;
                wave.Add(store.Writer.AppendAsync(new AppendRequest(command.Appends, metadata.For(command), last)));
            }
            await Task.WhenAll(wave);
            events += waveEvents;
            if (events % 100_000 < waveEvents) context.Log($"history: {events:N0} events");
        }
        var rate = events / clock.Elapsed.TotalSeconds;
        var head = await store.Reader.HeadPositionAsync();
        context.Log($"history: {head:N0} events in {clock.Elapsed.TotalSeconds:F1} s ({rate:N0}/s)");
        _shared = new HistoryStore(store, head, metadata.Correlations, Start, last, rate);
        return _shared;
    }

    /// <summary>
    /// A history kept by an earlier run (`--history`): the same events, so the same correlations (the first 10,000
    /// orders') and time range; its generation rate is unknown (NaN).
    /// </summary>
    private static async Task<HistoryStore> ReuseAsync(BenchContext context, string path)
    {
        var store = await BenchStore.OpenAsync(path);
        var head = await store.Reader.HeadPositionAsync();
        using var connection = store.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CorrelationId FROM Events WHERE Type = 'OrderPlaced' ORDER BY Position LIMIT 10000";
        var correlations = new List<string>();
        using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) correlations.Add(reader.GetString(0));
        // The generated events come first; a scale series' mixed load appends more at today's time after them, which
        // must not stretch the time range the timeline's one-hour windows are drawn from.
        var generated = Math.Min(head, context.Size.HistoryEvents);
        var last = (await store.Reader.ReadAllAsync(generated - 1, 1)).Single().RecordedAt;
        context.Log($"history: reusing {head:N0} events in {path}");
        return new HistoryStore(store, head, correlations, Start, last, double.NaN);
    }

    /// <summary>
    /// What the command path would record about who and why: each command its own id; an order's commands share the
    /// correlation of the placement and are caused by the order's command before them.
    /// </summary>
    private sealed class OrderMetadata
    {
        private readonly Dictionary<string, (string Correlation, string Last)> _orders = new(StringComparer.Ordinal);

        /// <summary>The first 10,000 orders' correlation ids: a sample for the timeline's correlation filter.</summary>
        public List<string> Correlations { get; } = [];

        public EventMetadata For(HistoryCommand command)
        {
            var commandId = Guid.CreateVersion7().ToString();
            var name = command.Command.GetType().Name;
            if (OrderIdOf(command.Command) is not { } orderId) return new EventMetadata(command.User, name, commandId, commandId, commandId);
            if (!_orders.TryGetValue(orderId, out var order))
            {
                order = (commandId, commandId);
                if (Correlations.Count < 10_000) Correlations.Add(commandId);
            }
            _orders[orderId] = order with { Last = commandId };
            return new EventMetadata(command.User, name, commandId, order.Correlation, order.Last);
        }

        private static string? OrderIdOf(object command) => command switch
        {
            PlaceOrder c => c.OrderId,
            PayOrder c => c.OrderId,
            ShipOrder c => c.OrderId,
            CancelOrder c => c.OrderId,
            _ => null,
        };
    }

    public static async ValueTask DisposeAsync()
    {
        if (_shared is null) return;
        await _shared.Store.DisposeAsync();
        _shared = null;
    }
}
