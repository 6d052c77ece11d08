using System.Text.Json;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.EventStore;

/// <summary>
/// The one shape readers show (<see cref="RecordedEvent"/>): its data is the Data column's text itself, whichever way
/// it is read (a page, a stream, after a position) or handed over by the writer.
/// </summary>
public sealed class RecordedEventTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 8, 30, 15, DateTimeKind.Utc);

    private static AppendRequest[] History() =>
    [
        new([new StreamAppend("product-A", 0, [new ProductRegistered("A", "Anvil \"heavy\" é", 12.5m), new StockReceived("A", 40, "PO-1")])],
            new EventMetadata("alice", "RegisterProduct", "cmd-1", "corr-1", "cmd-1"), Start),
        new([
                new StreamAppend("product-A", 2, [new StockReserved("A", "O1", 3)]),
                new StreamAppend("order-O1", 0, [new OrderPlaced("O1", "Zoë", [new OrderLine("A", 3, 13.25m)], 39.75m)]),
            ],
            new EventMetadata("bob", "PlaceOrder", "cmd-2", "corr-2", "cmd-2"), Start.AddMinutes(1).AddTicks(1234567)),
    ];

    private static async Task<List<EventRecord>> RowsAsync(TestHost store)
    {
        await using var db = store.Factory.CreateContext();
        return await db.Events.AsNoTracking().OrderBy(e => e.Position).ToListAsync();
    }

    private static RecordedEvent Expected(EventRecord r) => new(
        r.Position, r.EventId, r.StreamId, r.StreamVersion, r.Type, r.SchemaVersion, r.RecordedAt,
        r.UserId, r.CommandName, r.CommandId, r.CorrelationId, r.CausationId, r.Data);

    [Fact]
    public async Task EveryReadOfTheReaderShapeCarriesTheStoredJsonAndTheFullMetadata()
    {
        await using var store = await TestHost.CreateStoreAsync();
        foreach (var request in History()) await store.Writer.AppendAsync(request, TestContext.Current.CancellationToken);
        var expected = (await RowsAsync(store)).ConvertAll(Expected);

        var forward = await store.Reader.ReadPageAsync(EventFilter.None, null, 100, ct: TestContext.Current.CancellationToken);
        var newest = await store.Reader.ReadPageAsync(EventFilter.None, null, 100, newestFirst: true, TestContext.Current.CancellationToken);
        var after = await store.Reader.ReadRecordedAfterAsync(0, 100, ct: TestContext.Current.CancellationToken);
        var stream = await store.Reader.ReadRecordedStreamAsync("product-A", TestContext.Current.CancellationToken);
        var conversation = await store.Reader.ReadRecordedCorrelationAsync("corr-2", TestContext.Current.CancellationToken);

        Assert.Equal(4, expected.Count);
        Assert.Equal(expected, forward.Events);
        Assert.Equal(expected.AsEnumerable().Reverse(), newest.Events);
        Assert.Equal(expected, after);
        Assert.Equal(expected.Where(e => e.StreamId == "product-A"), stream);
        Assert.Equal(expected.Where(e => e.CorrelationId == "corr-2"), conversation);
        Assert.All(after, e => Assert.Equal(DateTimeKind.Utc, e.RecordedAt.Kind));
        Assert.Equal(Start.AddMinutes(1).AddTicks(1234567), after[3].RecordedAt);
        Assert.Equal(new EventMetadata("bob", "PlaceOrder", "cmd-2", "corr-2", "cmd-2"), after[3].Metadata);
    }

    [Fact]
    public async Task TheEventsTheWriterHandsOverBecomeTheSameReaderShapeAsAReadWithoutSerializingTheirDataAgain()
    {
        await using var store = await TestHost.CreateStoreAsync();
        var head = new StoreHead();
        var handed = new List<StoredEvent>();
        head.OnCommitted(events => { lock (handed) handed.AddRange(events); });
        await using (var writer = new EventStoreWriter(store.Factory, store.Types, NullLogger<EventStoreWriter>.Instance, head))
        {
            foreach (var request in History()) await writer.AppendAsync(request, TestContext.Current.CancellationToken);
        }
        var rows = await RowsAsync(store);

        var live = handed.ConvertAll(RecordedEvent.From);

        Assert.Equal(rows.ConvertAll(Expected), live);
        Assert.Equal(await store.Reader.ReadRecordedAfterAsync(0, 100, ct: TestContext.Current.CancellationToken), live);
        // The text itself, not an equal one made again: nothing was serialized on the way.
        Assert.All(handed, e => Assert.Same(e.Json, RecordedEvent.From(e).Data));
        Assert.Equal(rows.Select(r => r.Data), handed.Select(e => e.Json));
    }

    [Fact]
    public async Task AnEventWithoutItsStoredJsonIsShownAsItsRecordWouldBeStored()
    {
        await using var store = await TestHost.CreateStoreAsync();
        foreach (var request in History()) await store.Writer.AppendAsync(request, TestContext.Current.CancellationToken);
        var decoded = await store.Reader.ReadAllAsync(0, 100, ct: TestContext.Current.CancellationToken);

        var withoutJson = decoded.Select(e => RecordedEvent.From(e with { Json = null }));

        Assert.Equal(await store.Reader.ReadRecordedAfterAsync(0, 100, ct: TestContext.Current.CancellationToken), withoutJson);
        Assert.Equal(decoded.Select(e => e.Json), (await RowsAsync(store)).Select(r => r.Data));
    }

    [Fact]
    public async Task AnEventOfATypeThisBuildDoesNotKnowIsShownAsStored()
    {
        await using var store = await TestHost.CreateStoreAsync();
        const string data = "{ \"answer\" : 42 }";
        await store.ExecuteRawAsync(
            "INSERT INTO Events (Position, EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, UserId, CommandName, CommandId, CorrelationId, CausationId) " +
            $"VALUES (1, 'e-1', 'other-X', 1, 'SomethingNew', 3, '{data}', '2026-11-01 12:00:00', 'carol', 'Import', 'c1', 'c1', 'c1')");

        var e = Assert.Single((await store.Reader.ReadPageAsync(EventFilter.None, null, 10, ct: TestContext.Current.CancellationToken)).Events);

        Assert.Equal(data, e.Data);
        Assert.Equal(3, e.SchemaVersion);
        Assert.Equal(42, JsonDocument.Parse(e.Data).RootElement.GetProperty("answer").GetInt32());
    }
}
