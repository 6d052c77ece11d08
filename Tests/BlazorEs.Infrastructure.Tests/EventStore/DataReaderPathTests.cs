using System.Text.Json;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Tests.EventStore;

/// <summary>The data-reader read path returns exactly what the EF model reads from the same rows.</summary>
public sealed class DataReaderPathTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 8, 30, 15, DateTimeKind.Utc);

    private static async Task<TestHost> StoreWithEveryKindOfEventAsync()
    {
        var store = await TestHost.CreateStoreAsync();
        await store.Writer.AppendAsync(new AppendRequest(
            [new StreamAppend("product-A", 0, [new ProductRegistered("A", "Anvil", 12.5m), new StockReceived("A", 40, "PO-1"), new PriceChanged("A", 12.5m, 13.25m)])],
            new EventMetadata("alice", "RegisterProduct", "cmd-1", "corr-1", "cmd-1"), Start));
        await store.Writer.AppendAsync(new AppendRequest(
            [
                new StreamAppend("product-A", 3, [new StockReserved("A", "O1", 3)]),
                new StreamAppend("order-O1", 0, [new OrderPlaced("O1", "Zoë", [new OrderLine("A", 3, 13.25m)], 39.75m)]),
            ],
            new EventMetadata("bob", "PlaceOrder", "cmd-2", "corr-2", "cmd-2"), Start.AddMinutes(1).AddTicks(1234567)));
        await store.Writer.AppendAsync(new AppendRequest(
            [new StreamAppend("order-O1", 1, [new OrderCancelled("O1", "changed mind", WasPaid: true)])],
            new EventMetadata("bob", "CancelOrder", "cmd-3", "corr-2", "cmd-2"), Start.AddHours(2)));
        // A type this build does not know: read back as its JSON, never an error.
        await store.ExecuteRawAsync(
            "INSERT INTO Events (Position, EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, UserId, CommandName, CommandId, CorrelationId, CausationId) " +
            "VALUES (7, 'e-7', 'other-X', 1, 'SomethingNew', 3, '{\"answer\":42}', '2026-11-01 12:00:00', 'carol', 'Import', 'c8', 'c8', 'c8')");
        return store;
    }

    private static async Task<List<StoredEvent>> ThroughEfAsync(TestHost store)
    {
        await using var db = store.Factory.CreateContext();
        var rows = await db.Events.AsNoTracking().OrderBy(e => e.Position).ToListAsync();
        return rows.ConvertAll(store.Reader.ToStored);
    }

    [Fact]
    public async Task ReadAllReturnsTheSameEventsAsTheEfModelReadsIncludingUnknownTypes()
    {
        await using var store = await StoreWithEveryKindOfEventAsync();

        var expected = await ThroughEfAsync(store);
        var actual = await store.Reader.ReadAllAsync(0, 100);

        Assert.Equal(7, actual.Count);
        Assert.Equal(expected.Select(Comparable), actual.Select(Comparable));
        Assert.All(actual, e => Assert.Equal(DateTimeKind.Utc, e.RecordedAt.Kind));
        Assert.Equal(new OrderPlaced("O1", "Zoë", [new OrderLine("A", 3, 13.25m)], 39.75m).Lines, ((OrderPlaced)actual[4].Data).Lines);
        Assert.Equal(42, ((JsonElement)actual[6].Data).GetProperty("answer").GetInt32());
    }

    [Fact]
    public async Task ReadAllStopsAtTheBatchSizeAndTheUpperPosition()
    {
        await using var store = await StoreWithEveryKindOfEventAsync();

        Assert.Equal([3L, 4L], (await store.Reader.ReadAllAsync(2, 2)).Select(e => e.Position));
        Assert.Equal([3L, 4L, 5L], (await store.Reader.ReadAllAsync(2, 100, toPosition: 5)).Select(e => e.Position));
        Assert.Empty(await store.Reader.ReadAllAsync(7, 100));
    }

    [Fact]
    public async Task ScanReturnsTheSameEventsAsTheEfModelReadsInBatchesWithinTheRange()
    {
        await using var store = await StoreWithEveryKindOfEventAsync();
        var expected = await ThroughEfAsync(store);

        var batches = new List<IReadOnlyList<StoredEvent>>();
        await foreach (var batch in store.Reader.ScanAsync(0, 7, batchSize: 3, TestContext.Current.CancellationToken)) batches.Add(batch);
        var middle = new List<long>();
        await foreach (var batch in store.Reader.ScanAsync(2, 5, batchSize: 2, TestContext.Current.CancellationToken)) middle.AddRange(batch.Select(e => e.Position));

        Assert.Equal([3, 3, 1], batches.Select(b => b.Count));
        var actual = batches.SelectMany(b => b).ToList();
        // The scan decodes the raw bytes and keeps no text of them (its events feed rebuilds, never a screen).
        Assert.All(actual, e => Assert.Null(e.Json));
        Assert.Equal(expected.Select(e => Comparable(e with { Json = null })), actual.Select(Comparable));
        Assert.All(actual, e => Assert.Equal(DateTimeKind.Utc, e.RecordedAt.Kind));
        Assert.Equal(Start.AddMinutes(1).AddTicks(1234567), actual[3].RecordedAt);
        Assert.Equal(42, ((JsonElement)actual[6].Data).GetProperty("answer").GetInt32());
        Assert.Equal([3L, 4L, 5L], middle);
    }

    [Fact]
    public async Task AScanStoppedEarlyStopsReadingAndTheStoreServesTheNextRead()
    {
        await using var store = await StoreWithEveryKindOfEventAsync();

        await foreach (var batch in store.Reader.ScanAsync(0, 7, batchSize: 1, TestContext.Current.CancellationToken))
            if (batch[0].Position == 2) break;

        Assert.Equal(7, (await store.Reader.ReadAllAsync(0, 100, ct: TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task ReadStreamReturnsOneStreamsVersionsInOrderWithinTheRange()
    {
        await using var store = await StoreWithEveryKindOfEventAsync();
        var expected = (await ThroughEfAsync(store)).Where(e => e.StreamId == "product-A").ToList();

        var all = await store.Reader.ReadStreamAsync("product-A");
        var middle = await store.Reader.ReadStreamAsync("product-A", 2, 3);

        Assert.Equal(expected.Select(Comparable), all.Select(Comparable));
        Assert.Equal([2L, 3L], middle.Select(e => e.StreamVersion));
        Assert.Empty(await store.Reader.ReadStreamAsync("product-none"));
    }

    [Fact]
    public async Task TheStoredJsonIsWhatReflectionWithWebDefaultsWroteBeforeTheGeneratedSerializer()
    {
        await using var store = await StoreWithEveryKindOfEventAsync();
        var reflection = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        await using var db = store.Factory.CreateContext();
        var stored = await db.Events.AsNoTracking().Where(e => e.Position <= 6).OrderBy(e => e.Position).Select(e => e.Data).ToListAsync();
        var events = await store.Reader.ReadAllAsync(0, 6);

        Assert.Equal(events.Select(e => JsonSerializer.Serialize(e.Data, e.Data.GetType(), reflection)), stored);
        Assert.Contains("\"lines\":[{\"sku\":\"A\",\"quantity\":3,\"unitPrice\":13.25,\"lineTotal\":39.75}]", stored[4]);
    }

    /// <summary>Records compare by value; OrderPlaced's line list and a JSON element do not, so compare their JSON.</summary>
    private static object Comparable(StoredEvent e) =>
        e with { Data = JsonSerializer.Serialize(e.Data, e.Data.GetType(), EventTypeMap.Json) };
}
