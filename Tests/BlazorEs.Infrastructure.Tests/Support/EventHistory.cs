using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Infrastructure.Tests.Support;

/// <summary>
/// Stored events built by hand, as the reader would return them: positions and stream versions in order, a clock
/// that only moves when told, a user. Projections are pure, so their Given/Then tests need no database.
/// </summary>
internal sealed class EventHistory
{
    private static readonly EventTypeMap Types = new();
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly List<StoredEvent> _events = [];

    public DateTime Clock { get; set; } = new(2026, 11, 20, 9, 15, 0, DateTimeKind.Utc);

    public string User { get; set; } = "alice";

    public IReadOnlyList<StoredEvent> Events => _events;

    public StoredEvent Last => _events[^1];

    /// <summary>Records the events at the current clock, each on the stream it belongs to.</summary>
    public EventHistory Given(params object[] events)
    {
        foreach (var data in events)
        {
            var stream = StreamOf(data);
            var version = _versions[stream] = _versions.GetValueOrDefault(stream) + 1;
            var id = Guid.NewGuid().ToString();
            _events.Add(new StoredEvent(_events.Count + 1, id, stream, version, Types.NameOf(data).Name, 1, Clock, data,
                new EventMetadata(User, "Test", id, id, id)));
        }
        return this;
    }

    public EventHistory At(DateTime clock)
    {
        Clock = clock;
        return this;
    }

    /// <summary>The rows the projection builds from every event so far.</summary>
    public InMemoryRowStore<TRow> Project<TRow>(Projection<TRow> projection) where TRow : class, IReadModelRow
    {
        var rows = new InMemoryRowStore<TRow>();
        foreach (var e in _events) projection.Apply(e, rows);
        return rows;
    }

    private static string StreamOf(object data) => data switch
    {
        ProductRegistered x => StreamIds.Product(x.Sku),
        ProductRenamed x => StreamIds.Product(x.Sku),
        PriceChanged x => StreamIds.Product(x.Sku),
        ProductDiscontinued x => StreamIds.Product(x.Sku),
        StockReceived x => StreamIds.Product(x.Sku),
        StockAdjusted x => StreamIds.Product(x.Sku),
        StockReserved x => StreamIds.Product(x.Sku),
        ReservationReleased x => StreamIds.Product(x.Sku),
        StockShipped x => StreamIds.Product(x.Sku),
        OrderPlaced x => StreamIds.Order(x.OrderId),
        OrderPaid x => StreamIds.Order(x.OrderId),
        OrderShipped x => StreamIds.Order(x.OrderId),
        OrderCancelled x => StreamIds.Order(x.OrderId),
        _ => "other",
    };
}
