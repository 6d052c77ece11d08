using System.Text.Json;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Replay;
using BlazorEs.Infrastructure.Streams;
using BlazorEs.Infrastructure.Streams.Snapshots;
using BlazorEs.Infrastructure.Tests.Integrity;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.Streams;

/// <summary>
/// Stream snapshots (StreamStates): a load folds at most one interval once the stream has one, answers exactly what a
/// fold from the start answers, passes over a snapshot edited in the database (which the verifier names), and the
/// command path and the stream as-of query load through them.
/// </summary>
public abstract class StreamSnapshotTests(DatabaseProvider provider) : BothProviders(provider)
{
    private const int Every = 10;
    private const string Stream = "product-S";

    private static StreamStates States(TestHost store, IntegrityKey? key) =>
        new(store.Factory, store.Reader, new ReplayOptions { StreamSnapshotEvery = Every }, NullLogger<StreamStates>.Instance, key);

    /// <summary>ProductRegistered, then StockReceived of 1, 2, 3, … units: version v holds 1 + … + (v − 1) units.</summary>
    private static async Task AppendAsync(TestHost store, int versions)
    {
        var current = await store.Reader.StreamVersionAsync(Stream);
        for (var v = current + 1; v <= versions; v++)
        {
            object e = v == 1 ? new ProductRegistered("S", "Spanner", 2m) : new StockReceived("S", (int)v - 1, $"PO-{v}");
            await store.Writer.AppendAsync(new AppendRequest([new StreamAppend(Stream, v - 1, [e])], TestHost.Metadata()));
        }
    }

    private static async Task<Product> PlainFoldAsync(TestHost store, long toVersion) =>
        (await store.Reader.ReadStreamAsync(Stream, 1, toVersion)).Aggregate(Product.Initial, (s, e) => Product.Evolve(s, e.Data));

    private static async Task<long[]> SnapshotVersionsAsync(TestHost store)
    {
        await using var db = store.Factory.CreateContext();
        return await db.Set<StreamSnapshot>().Where(s => s.StreamId == Stream).OrderBy(s => s.Version).Select(s => s.Version).ToArrayAsync();
    }

    [Fact]
    public async Task ALoadFoldsAtMostOneIntervalOnceTheStreamHasASnapshotAndAnswersWhatAFoldFromTheStartDoes()
    {
        await using var store = await CreateStoreAsync();
        await AppendAsync(store, 35);
        var states = States(store, ChainedStore.Key);

        var first = await states.LoadAsync(StreamStateKinds.Product, Stream);
        var snapshots = await SnapshotVersionsAsync(store);
        var second = await states.LoadAsync(StreamStateKinds.Product, Stream);
        var earlier = await states.LoadAsync(StreamStateKinds.Product, Stream, 25);
        var beforeAnyInterval = await states.LoadAsync(StreamStateKinds.Product, Stream, 7);

        Assert.Equal((35L, 0L, 35), (first.Version, first.FromVersion, first.Folded));
        Assert.Equal([10L, 20L, 30L], snapshots); // every interval the first load folded past
        Assert.Equal((35L, 30L, 5), (second.Version, second.FromVersion, second.Folded));
        Assert.Equal((25L, 20L, 5), (earlier.Version, earlier.FromVersion, earlier.Folded));
        Assert.Equal((7L, 0L, 7), (beforeAnyInterval.Version, beforeAnyInterval.FromVersion, beforeAnyInterval.Folded));
        var after = await SnapshotVersionsAsync(store);
        Assert.Equal([10L, 20L, 30L], after); // loads that started from one stored nothing again
        Assert.Equal(await PlainFoldAsync(store, 35), second.State);
        Assert.Equal(await PlainFoldAsync(store, 25), earlier.State);
        Assert.Equal(await PlainFoldAsync(store, 7), beforeAnyInterval.State);
        Assert.Equal(34 * 35 / 2, second.State.OnHand);
    }

    [Fact]
    public async Task ASnapshotEditedInTheDatabaseIsPassedOverReplacedAndNamedByTheVerifier()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 3, provider: Provider);
        var store = chained.Store;
        await AppendAsync(store, 25);
        var states = States(store, ChainedStore.Key);
        await states.LoadAsync(StreamStateKinds.Product, Stream);
        Assert.Empty((await chained.VerifyAsync()).Breaks);

        await store.ExecuteRawAsync(OnPostgreSql
            ? "UPDATE streamsnapshots SET state = replace(state, '\"onHand\":190', '\"onHand\":9999')"
            : "UPDATE StreamSnapshots SET State = replace(State, '\"onHand\":190', '\"onHand\":9999')");
        var found = Assert.Single((await chained.VerifyAsync()).Breaks);
        var loaded = await states.LoadAsync(StreamStateKinds.Product, Stream);

        Assert.Equal(BreakKind.SnapshotAltered, found.Kind);
        Assert.Contains("stream product-S at version 20", found.Reason);
        Assert.Equal((0L, 25), (loaded.FromVersion, loaded.Folded));
        Assert.Equal(24 * 25 / 2, loaded.State.OnHand);
        Assert.Empty((await chained.VerifyAsync()).Breaks); // the load stored the true state in its place
        Assert.Equal(20L, (await states.LoadAsync(StreamStateKinds.Product, Stream)).FromVersion);
    }

    [Fact]
    public async Task AStreamAsOfListsTheHundredVersionsUpToItsVersionWithTheirChangesFromTheSnapshotBefore()
    {
        await using var store = await StartAsync(new Dictionary<string, string?> { ["Replay:StreamSnapshotEvery"] = $"{Every}" });
        await AppendAsync(store, 130);

        var asOf = await store.QueryAsync(new GetStreamAsOf(Stream, 120, null));
        var again = await store.QueryAsync(new GetStreamAsOf(Stream, 120, null));
        var short_ = await store.QueryAsync(new GetStreamAsOf(Stream, 3, null));

        Assert.Equal((120L, 130L, 21L), (asOf.Version, asOf.CurrentVersion, asOf.HistoryFrom));
        Assert.Equal(Enumerable.Range(21, 100).Select(v => (long)v), asOf.History.Versions.Select(v => v.Version));
        // Version 21 received 20 units onto the 190 that versions 2–20 brought.
        Assert.Contains(new FieldChange("onHand", "190", "210"), asOf.History.Versions[0].Changes);
        var state = JsonSerializer.Deserialize<Product>(asOf.State!, StreamStateKinds.Json)!;
        Assert.Equal(await PlainFoldAsync(store, 120), state);
        Assert.Equal(asOf.State, again.State);
        Assert.Contains(20L, await SnapshotVersionsAsync(store)); // the state before the listed versions, stored by the first query
        Assert.Equal((1L, 3), (short_.HistoryFrom, short_.History.Versions.Count));
    }

    [Fact]
    public async Task ACommandOnAStreamNoLongerInTheCacheLoadsItFromItsSnapshot()
    {
        await using var store = await StartAsync(new Dictionary<string, string?> { ["Replay:StreamSnapshotEvery"] = $"{Every}" });
        await store.ExecuteAsync(new RegisterProduct("S", "Spanner", 2m));
        for (var i = 1; i <= 24; i++) await store.ExecuteAsync(new ReceiveStock("S", i, $"PO-{i}"));
        var cache = store.Services.GetRequiredService<StreamStateCache>();

        cache.Forget(Stream);
        await store.ExecuteAsync(new ReceiveStock("S", 25, "PO-25")); // folds 25 events from the start: stores versions 10 and 20
        cache.Forget(Stream);
        await store.ExecuteAsync(new ReceiveStock("S", 26, "PO-26")); // starts from version 20

        var snapshots = await SnapshotVersionsAsync(store);
        Assert.Equal([10L, 20L], snapshots);
        Assert.True(cache.TryGet(Stream, out Product product, out var version));
        Assert.Equal((27L, 26 * 27 / 2), (version, product.OnHand));
        Assert.Equal(await PlainFoldAsync(store, 27), product);
    }

    [Fact]
    public void EachStateKindRoundTripsThroughItsJsonAndNamesItsShapeInItsFormat()
    {
        var product = new Product("S", "Spanner", 2.5m, 10, 3, 1, false, true);
        var order = Domain.Orders.Order.Evolve(Domain.Orders.Order.Initial,
            new Domain.Orders.OrderPlaced("O-1", "Ada", [new Domain.Orders.OrderLine("S", 2, 2.5m)], 5m));

        var productBack = StreamStateKinds.Product.Deserialize(StreamStateKinds.Product.Serialize(product));
        var orderBack = StreamStateKinds.Order.Deserialize(StreamStateKinds.Order.Serialize(order));

        Assert.Equal(product, productBack);
        Assert.Equal(StreamStateKinds.Order.Serialize(order), StreamStateKinds.Order.Serialize(orderBack));
        Assert.Equal(Domain.Orders.OrderStatus.Placed, orderBack.Status);
        Assert.StartsWith($"Product/{StreamStateKinds.FoldRevision}/", StreamStateKinds.Product.Format);
        Assert.NotEqual(Shape.Hash(typeof(ShapeA)), Shape.Hash(typeof(ShapeB)));
        Assert.NotEqual(Shape.Hash(typeof(ShapeA)), Shape.Hash(typeof(ShapeC)));
        Assert.Equal(Shape.Hash(typeof(ShapeA)), Shape.Hash(typeof(ShapeA)));
    }

    private sealed record Line(string Sku, int Quantity);

    private sealed record OtherLine(string Sku, long Quantity);

    private sealed record ShapeA(string Id, IReadOnlyList<Line> Lines);

    private sealed record ShapeB(string Id, IReadOnlyList<OtherLine> Lines);

    private sealed record ShapeC(string Id, IReadOnlyList<Line> Lines, bool Closed);
}

public sealed class StreamSnapshotTestsOnSqlite() : StreamSnapshotTests(DatabaseProvider.Sqlite);

public sealed class StreamSnapshotTestsOnPostgreSql() : StreamSnapshotTests(DatabaseProvider.PostgreSql);
