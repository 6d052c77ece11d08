using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.RowHistory;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Replay;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Infrastructure.Tests.ReadModels;

/// <summary>
/// "Why is this value what it is?": a row's history, checked against what the store and the replay say on their own —
/// the stream's events that changed the row, and the row as of each of them from the as-of machinery (snapshots + tail).
/// </summary>
public abstract class RowHistoryTests(DatabaseProvider provider) : BothProviders(provider)
{
    private static readonly JsonSerializerOptions Web = JsonSerializerOptions.Web;

    // Two products and three orders interleaved, so the product streams hold reservations, releases and shipments among
    // other streams' events, with a snapshot every ten events for the as-of replay to start from.
    private static async Task<TestHost> WithHistoryAsync(Func<TestHostOptions, Task<TestHost>> start)
    {
        var host = await start(TestHostOptions.Replay(snapshotEvery: 10));
        await host.ExecuteAsync(new RegisterProduct("A", "Anvil", 10m), "dave");
        await host.ExecuteAsync(new RegisterProduct("B", "Bolt", 1m), "dave");
        await host.ExecuteAsync(new ReceiveStock("A", 20, "PO-1"), "carol");
        await host.ExecuteAsync(new ReceiveStock("B", 5, "PO-2"), "carol");
        await host.ExecuteAsync(new PlaceOrder("ORD-1", "Acme", [new OrderLineRequest("A", 2), new OrderLineRequest("B", 1)]), "alice");
        await host.ExecuteAsync(new PlaceOrder("ORD-2", "Globex", [new OrderLineRequest("A", 15)]), "alice");
        await host.ExecuteAsync(new PayOrder("ORD-1", 21m, "PAY-1"), "bob");
        await host.ExecuteAsync(new ShipOrder("ORD-1", "DHL", "T-1"), "bob");
        await host.ExecuteAsync(new ChangePrice("A", 12m), "dave");
        await host.ExecuteAsync(new CancelOrder("ORD-2", "customer changed their mind"), "alice");
        await host.ExecuteAsync(new AdjustStock("A", -1, "damaged"), "carol");
        var last = await host.ExecuteAsync(new PlaceOrder("ORD-3", "Initech", [new OrderLineRequest("A", 16)]), "alice");
        Assert.True(await host.Services.GetRequiredService<ReadYourWrites>().WaitAsync(last.LastPosition, [], TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        return host;
    }

    [Theory]
    [InlineData(StockLevelsProjection.ProjectionName, "A", "product-A")]
    [InlineData(StockLevelsProjection.ProjectionName, "B", "product-B")]
    [InlineData(OrderSummariesProjection.ProjectionName, "ORD-1", "order-ORD-1")]
    [InlineData(OrderSummariesProjection.ProjectionName, "ORD-2", "order-ORD-2")]
    [InlineData(LowStockAlertsProjection.ProjectionName, "A", "product-A")]
    public async Task EachEntryIsAnEventOfTheRowsStreamAndTheRowBeforeAndAfterItAreWhatTheReplayShowsThere(string readModel, string key, string stream)
    {
        await using var host = await WithHistoryAsync(StartAsync);
        var replay = host.Services.GetRequiredService<ReplayAsOf>();

        var history = await host.QueryAsync(new GetRowHistory(readModel, key, Limit: GetRowHistory.MaxLimit));

        Assert.Equal((readModel, key, stream, (long?)null), (history.ReadModel, history.Key, history.StreamId, history.Next));
        var streamEvents = await host.Reader.ReadStreamAsync(stream, 1, long.MaxValue, TestContext.Current.CancellationToken);
        Assert.Equal(streamEvents.Count, history.EventsRead);
        Assert.NotEmpty(history.Entries);
        Assert.True(history.Entries.Zip(history.Entries.Skip(1)).All(p => p.First.Position > p.Second.Position), "newest first");
        foreach (var entry in history.Entries)
        {
            var e = Assert.Single(streamEvents, s => s.Position == entry.Position);
            Assert.Equal((e.EventId, e.Type, e.StreamVersion, e.Metadata.UserId, e.Metadata.CommandId, e.Metadata.CorrelationId),
                (entry.EventId, entry.Type, entry.StreamVersion, entry.UserId, entry.CommandId, entry.CorrelationId));
            var after = (await replay.ReadModelAsync(readModel, entry.Position, TestContext.Current.CancellationToken)).Find(key);
            var before = (await replay.ReadModelAsync(readModel, entry.Position - 1, TestContext.Current.CancellationToken)).Find(key);
            Assert.True(JsonNode.DeepEquals(Json(after), entry.After), $"after #{entry.Position}: {entry.After} vs replay {Json(after)}");
            Assert.True(JsonNode.DeepEquals(Json(before), entry.Before), $"before #{entry.Position}: {entry.Before} vs replay {Json(before)}");
            Assert.Equal(before is null ? RowChangeKind.Created : after is null ? RowChangeKind.Removed : RowChangeKind.Changed, entry.Change);
            Assert.NotEmpty(entry.Changed);
        }
        // Every event of the stream that changed the row is listed: none the replay shows changing it is missing.
        var changing = new List<long>();
        foreach (var e in streamEvents)
        {
            var after = (await replay.ReadModelAsync(readModel, e.Position, TestContext.Current.CancellationToken)).Find(key);
            var before = (await replay.ReadModelAsync(readModel, e.Position - 1, TestContext.Current.CancellationToken)).Find(key);
            if (!Equals(after, before)) changing.Add(e.Position);
        }
        Assert.Equal(changing.OrderDescending(), history.Entries.Select(x => x.Position));
    }

    [Fact]
    public async Task TheNewestEntryIsTheLiveRowAndItsFieldChangesNameWhatMovedWithTheirValues()
    {
        await using var host = await WithHistoryAsync(StartAsync);

        var history = await host.QueryAsync(new GetRowHistory(StockLevelsProjection.ProjectionName, "A"));

        var live = Assert.Single(await host.QueryAsync(new GetStockLevelsByKeys(["A"])));
        Assert.True(JsonNode.DeepEquals(Json(live), history.Entries[0].After));
        Assert.Equal(("alice", "PlaceOrder"), (history.Entries[0].UserId, history.Entries[0].CommandName));
        var reserved = Assert.Single(history.Entries[0].Changed, c => c.Field == "reserved");
        Assert.Equal((0, 16), (reserved.Before!.GetValue<int>(), reserved.After!.GetValue<int>()));
        var created = history.Entries[^1];
        Assert.Equal((RowChangeKind.Created, "ProductRegistered", "dave"), (created.Change, created.Type, created.UserId));
        Assert.Null(created.Before);
    }

    [Fact]
    public async Task PagesFollowOneAnotherWithoutGapOrRepeatUntilTheFirstChange()
    {
        await using var host = await WithHistoryAsync(StartAsync);
        var whole = await host.QueryAsync(new GetRowHistory(StockLevelsProjection.ProjectionName, "A", Limit: GetRowHistory.MaxLimit));

        var paged = new List<RowHistoryEntry>();
        long? before = null;
        do
        {
            var page = await host.QueryAsync(new GetRowHistory(StockLevelsProjection.ProjectionName, "A", before, Limit: 3));
            Assert.InRange(page.Entries.Count, 1, 3);
            paged.AddRange(page.Entries);
            before = page.Next;
        } while (before is not null);

        Assert.True(whole.Entries.Count > 3);
        Assert.Equal(whole.Entries.Select(e => e.Position), paged.Select(e => e.Position));
    }

    [Fact]
    public async Task AnUnknownReadModelARowNoEventMadeAndAReadModelOfTotalsAreNotFoundNamingWhatHasHistory()
    {
        await using var host = await WithHistoryAsync(StartAsync);

        var unknown = await Assert.ThrowsAsync<DomainException>(() => host.QueryAsync(new GetRowHistory("Nope", "A")));
        var noRow = await Assert.ThrowsAsync<DomainException>(() => host.QueryAsync(new GetRowHistory(StockLevelsProjection.ProjectionName, "ZZZ")));
        var totals = await Assert.ThrowsAsync<DomainException>(() => host.QueryAsync(new GetRowHistory(DashboardFiguresProjection.ProjectionName, "orders")));
        var invalid = await Assert.ThrowsAsync<DomainException>(() => host.QueryAsync(new GetRowHistory(StockLevelsProjection.ProjectionName, "A", Limit: 0)));

        Assert.All([unknown, noRow, totals], e => Assert.Equal(DomainErrorKind.NotFound, e.Kind));
        Assert.Contains("StockLevels, OrderSummaries, LowStockAlerts", unknown.Message);
        Assert.Contains("There is no row 'ZZZ' in StockLevels", noRow.Message);
        Assert.Contains("add up every stream", totals.Message);
        Assert.Equal(DomainErrorKind.Validation, invalid.Kind);
    }

    private static JsonObject? Json(object? row) => row is null ? null : JsonSerializer.SerializeToNode(row, row.GetType(), Web)!.AsObject();
}

public sealed class RowHistoryTestsOnSqlite() : RowHistoryTests(DatabaseProvider.Sqlite);

public sealed class RowHistoryTestsOnPostgreSql() : RowHistoryTests(DatabaseProvider.PostgreSql);
