using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.EventStore;

public abstract class ReadingTests(DatabaseProvider provider) : BothProviders(provider)
{
    private async Task<TestHost> StoreWithHistoryAsync()
    {
        var store = await CreateStoreAsync();
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 30; i++)
        {
            var user = i % 2 == 0 ? "alice" : "bob";
            object e = i % 3 == 0 ? new ProductRegistered($"S{i}", "Thing", 1m) : new StockReceived($"S{i}", 1, "PO");
            await store.Writer.AppendAsync(new AppendRequest(
                [new StreamAppend($"product-S{i}", 0, [e])],
                new EventMetadata(user, "Test", $"cmd-{i}", i < 5 ? "corr-first" : $"corr-{i}", $"cmd-{i}"),
                start.AddHours(i)));
        }
        return store;
    }

    [Fact]
    public async Task ReadAllReturnsBatchesAfterAPosition()
    {
        await using var store = await StoreWithHistoryAsync();

        var batch = await store.Reader.ReadAllAsync(10, 5);

        Assert.Equal([11L, 12L, 13L, 14L, 15L], batch.Select(e => e.Position));
    }

    [Fact]
    public async Task APageFiltersByTypeUserCorrelationAndTimeAndPointsToTheNextPage()
    {
        await using var store = await StoreWithHistoryAsync();
        var from = new DateTime(2026, 11, 1, 6, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2026, 11, 1, 20, 0, 0, DateTimeKind.Utc);

        var registered = await store.Reader.ReadPageAsync(new EventFilter(Type: "ProductRegistered"), null, 100);
        var alice = await store.Reader.ReadPageAsync(new EventFilter(UserId: "alice"), null, 4);
        var conversation = await store.Reader.ReadPageAsync(new EventFilter(CorrelationId: "corr-first"), null, 100);
        var window = await store.Reader.ReadPageAsync(new EventFilter(From: from, To: to), null, 100);
        var stream = await store.Reader.ReadPageAsync(new EventFilter(StreamId: "product-S7"), null, 100);

        Assert.Equal(10, registered.Events.Count);
        Assert.All(registered.Events, e => Assert.Equal("ProductRegistered", e.Type));
        Assert.Equal([1L, 3L, 5L, 7L], alice.Events.Select(e => e.Position));
        Assert.Equal(7, alice.Next);
        Assert.Equal(5, conversation.Events.Count);
        Assert.Equal(Enumerable.Range(7, 15).Select(p => (long)p), window.Events.Select(e => e.Position));
        Assert.Equal(8, Assert.Single(stream.Events).Position);
        Assert.Null(stream.Next);
    }

    [Fact]
    public async Task NewestFirstPagesWalkBackwards()
    {
        await using var store = await StoreWithHistoryAsync();

        var first = await store.Reader.ReadPageAsync(EventFilter.None, null, 10, newestFirst: true);
        var second = await store.Reader.ReadPageAsync(EventFilter.None, first.Next, 10, newestFirst: true);

        Assert.Equal(Enumerable.Range(21, 10).Reverse().Select(p => (long)p), first.Events.Select(e => e.Position));
        Assert.Equal(Enumerable.Range(11, 10).Reverse().Select(p => (long)p), second.Events.Select(e => e.Position));
    }

    [Fact]
    public async Task ATimeWindowPageIsExactEvenWhenTimesAreNotInPositionOrder()
    {
        await using var store = await CreateStoreAsync();
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        // Hours 0..9, then two events after them recorded at 3:30 and 12:00. The writer keeps recorded-at monotonic
        // along positions (also across restarts), so the out-of-order time is made the way older stores hold it: by
        // rewriting the stored time with the append-only trigger lifted.
        foreach (var (hour, i) in new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }.Select((h, i) => (h, i)))
            await store.Writer.AppendAsync(new AppendRequest([new StreamAppend($"product-T{i}", 0, [new StockReceived($"T{i}", 1, "PO")])], TestHost.Metadata(), start.AddHours(hour)));
        await store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-L1", 0, [new StockReceived("L1", 1, "PO")])], TestHost.Metadata(), start.AddHours(9)));
        await store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-L2", 0, [new StockReceived("L2", 1, "PO")])], TestHost.Metadata(), start.AddHours(12)));
        await store.ExecuteRawAsync(store.Provider == DatabaseProvider.PostgreSql
            ? "ALTER TABLE events DISABLE TRIGGER USER; UPDATE events SET recordedat = '2026-11-01T03:30:00Z' WHERE position = 11; ALTER TABLE events ENABLE TRIGGER USER;"
            : "DROP TRIGGER Events_NoUpdate; UPDATE Events SET RecordedAt = '2026-11-01 03:30:00' WHERE Position = 11;");

        var window = new EventFilter(From: start.AddHours(3), To: start.AddHours(4));
        var newest = await store.Reader.ReadPageAsync(window, null, 2, newestFirst: true);
        var rest = await store.Reader.ReadPageAsync(window, newest.Next, 2, newestFirst: true);
        var oldest = await store.Reader.ReadPageAsync(window, null, 10);
        var empty = await store.Reader.ReadPageAsync(new EventFilter(From: start.AddDays(3)), null, 10, newestFirst: true);

        Assert.Equal([11L, 5L], newest.Events.Select(e => e.Position));
        Assert.Equal([4L], rest.Events.Select(e => e.Position));
        Assert.Equal([4L, 5L, 11L], oldest.Events.Select(e => e.Position));
        Assert.Empty(empty.Events);
        Assert.Null(empty.Next);
    }
}

public sealed class ReadingTestsOnSqlite() : ReadingTests(DatabaseProvider.Sqlite);

public sealed class ReadingTestsOnPostgreSql() : ReadingTests(DatabaseProvider.PostgreSql);
