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
    public async Task ATimeWindowPageHoldsEveryEventFromItsFirstInstantToItsLast()
    {
        await using var store = await CreateStoreAsync();
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        // One event an hour for hours 0..9, and a second event at 3:00 and at 4:00: the window's edges fall on times
        // shared by two positions each. The page finds its first and last positions through the time index, which is
        // exact because recorded-at never runs backwards along positions (ClockSteppedBackTests).
        var hours = new[] { 0, 1, 2, 3, 3, 4, 4, 5, 6, 7, 8, 9 };
        foreach (var (hour, i) in hours.Select((h, i) => (h, i)))
            await store.Writer.AppendAsync(new AppendRequest([new StreamAppend($"product-T{i}", 0, [new StockReceived($"T{i}", 1, "PO")])], TestHost.Metadata(), start.AddHours(hour)));

        var window = new EventFilter(From: start.AddHours(3), To: start.AddHours(4));
        var newest = await store.Reader.ReadPageAsync(window, null, 3, newestFirst: true);
        var rest = await store.Reader.ReadPageAsync(window, newest.Next, 3, newestFirst: true);
        var oldest = await store.Reader.ReadPageAsync(window, null, 10);
        var typed = await store.Reader.ReadPageAsync(window with { StreamId = "product-T5" }, null, 10);
        var between = await store.Reader.ReadPageAsync(new EventFilter(From: start.AddHours(3.2), To: start.AddHours(3.8)), null, 10, newestFirst: true);
        var after = await store.Reader.ReadPageAsync(new EventFilter(From: start.AddDays(3)), null, 10, newestFirst: true);
        var before = await store.Reader.ReadPageAsync(new EventFilter(To: start.AddHours(-1)), null, 10, newestFirst: true);
        var openEnded = await store.Reader.ReadPageAsync(new EventFilter(From: start.AddHours(8)), null, 10);

        Assert.Equal([7L, 6L, 5L], newest.Events.Select(e => e.Position));
        Assert.Equal([4L], rest.Events.Select(e => e.Position));
        Assert.Null(rest.Next);
        Assert.Equal([4L, 5L, 6L, 7L], oldest.Events.Select(e => e.Position));
        Assert.Equal([6L], typed.Events.Select(e => e.Position));
        Assert.Empty(between.Events);
        Assert.Empty(after.Events);
        Assert.Null(after.Next);
        Assert.Empty(before.Events);
        Assert.Equal([11L, 12L], openEnded.Events.Select(e => e.Position));
    }
}

public sealed class ReadingTestsOnSqlite() : ReadingTests(DatabaseProvider.Sqlite);

public sealed class ReadingTestsOnPostgreSql() : ReadingTests(DatabaseProvider.PostgreSql);
