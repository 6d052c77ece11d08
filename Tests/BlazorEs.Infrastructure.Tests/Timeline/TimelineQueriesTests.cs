using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Streams;
using BlazorEs.Infrastructure.Tests.Support;
using BlazorEs.Infrastructure.Timeline;

namespace BlazorEs.Infrastructure.Tests.Timeline;

public abstract class TimelineQueriesTests(DatabaseProvider provider) : BothProviders(provider)
{
    private async Task<TestHost> StoreWithProductsAsync(int count)
    {
        var store = await CreateStoreAsync();
        for (var i = 1; i <= count; i++)
        {
            await store.Writer.AppendAsync(new AppendRequest(
                [new StreamAppend($"product-P{i:00}", 0, [new ProductRegistered($"P{i:00}", "Thing", 1m), new StockReceived($"P{i:00}", i, "PO")])],
                TestHost.Metadata(user: i % 2 == 0 ? "alice" : "bob")));
        }
        return store;
    }

    [Fact]
    public async Task APageIsNewestFirstBelowTheCursorAndSkipJumpsIntoAFilteredView()
    {
        await using var store = await StoreWithProductsAsync(10);
        var handler = new GetEventsPageHandler(store.Reader);
        var received = new EventFilter(Type: "StockReceived");

        var first = await handler.Handle(new GetEventsPage(received, null, 3), CancellationToken.None);
        var next = await handler.Handle(new GetEventsPage(received, first.Next, 3), CancellationToken.None);
        var jumped = await handler.Handle(new GetEventsPage(received, null, 2, Skip: 7), CancellationToken.None);
        var pastTheEnd = await handler.Handle(new GetEventsPage(received, null, 2, Skip: 10), CancellationToken.None);

        Assert.Equal([20L, 18L, 16L], first.Events.Select(e => e.Position));
        Assert.Equal([14L, 12L, 10L], next.Events.Select(e => e.Position));
        Assert.Equal([6L, 4L], jumped.Events.Select(e => e.Position));
        Assert.Empty(pastTheEnd.Events);
        Assert.Contains("\"quantity\":10", first.Events[0].Data);
    }

    [Fact]
    public async Task TheCountIsTheHeadUnfilteredAndACountFiltered()
    {
        await using var store = await StoreWithProductsAsync(5);
        var handler = new GetTimelineCountHandler(store.Reader);

        var all = await handler.Handle(new GetTimelineCount(EventFilter.None), CancellationToken.None);
        var alice = await handler.Handle(new GetTimelineCount(new EventFilter(UserId: "alice")), CancellationToken.None);

        Assert.Equal(new TimelineCount(10, 10), all);
        Assert.Equal(new TimelineCount(10, 4), alice);
    }

    [Fact]
    public async Task TheDetailOfAnEventCarriesEveryEventOfItsCorrelation()
    {
        await using var store = await StoreWithProductsAsync(3);
        var handler = new GetEventDetailHandler(store.Reader);

        var detail = await handler.Handle(new GetEventDetail(4), CancellationToken.None);
        var missing = await handler.Handle(new GetEventDetail(99), CancellationToken.None);

        Assert.NotNull(detail);
        Assert.Equal(("product-P02", 2L, "alice"), (detail.Event.StreamId, detail.Event.StreamVersion, detail.Event.Metadata.UserId));
        Assert.Equal([3L, 4L], detail.Correlated.Select(e => e.Position));
        Assert.Null(missing);
    }

    [Fact]
    public async Task StreamsAreFoundByPrefixOrByBareKey()
    {
        await using var store = await StoreWithProductsAsync(12);
        var handler = new FindStreamsHandler(store.Reader);

        var byPrefix = await handler.Handle(new FindStreams("product-P1"), CancellationToken.None);
        var byKey = await handler.Handle(new FindStreams("P0", Limit: 3), CancellationToken.None);
        var none = await handler.Handle(new FindStreams("order-"), CancellationToken.None);

        Assert.Equal(["product-P10", "product-P11", "product-P12"], byPrefix);
        Assert.Equal(["product-P01", "product-P02", "product-P03"], byKey);
        Assert.Empty(none);
    }
}

public sealed class TimelineQueriesTestsOnSqlite() : TimelineQueriesTests(DatabaseProvider.Sqlite);

public sealed class TimelineQueriesTestsOnPostgreSql() : TimelineQueriesTests(DatabaseProvider.PostgreSql);
