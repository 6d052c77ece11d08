using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Projections.CatchUp;

/// <summary>
/// Issue 17: a live projection keeps at most Projections:HotRows rows in memory (and a quarter more between trims);
/// the rows it let go of are read back from the table when an event needs them — an old order paid, shipped or
/// cancelled — and the tables stay exactly what the history makes, across a restart that starts with a part of them.
/// </summary>
public abstract class HotRowsTests(DatabaseProvider provider) : BothProviders(provider)
{
    private const int HotRows = 40;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATableBiggerThanItsHotRowsIsKeptExactWhileMemoryHoldsOnlyTheRecentlyUsedRows()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 43, maxProducts: 30);
        var projections = ReadModelProjections.All(new ReadModelOptions { LowStockThreshold = 10 }).ToList();
        var options = TestHostReadSide.Options(batchSize: 100);
        options.HotRows = HotRows;

        await store.AppendInCommitsAsync(simulation.Commands(4_000), eventsPerCommit: 25);
        var catalog = store.Catalog(projections, options);
        await Task.WhenAll(catalog.All.Select(r => r.Live.CatchUpAsync(Ct)));
        var orders = (await store.RowsAsync<OrderSummary>("OrderSummaries")).Count;
        Assert.True(orders > 5 * HotRows, $"only {orders} orders: the table must outgrow the hot rows for this test to mean anything");
        AssertBounded(catalog);
        await AssertExactAsync(store, catalog, simulation);

        // A restart holds a part of the table from the start; the next events pay, ship and cancel orders it does not hold.
        var head = await store.AppendInCommitsAsync(simulation.Commands(4_000), eventsPerCommit: 25);
        var restarted = store.Catalog(projections, options);
        await Task.WhenAll(restarted.All.Select(r => r.Live.CatchUpAsync(Ct)));
        Assert.All(restarted.All, r => Assert.Equal(head, r.Checkpoint));
        AssertBounded(restarted);
        await AssertExactAsync(store, restarted, simulation);
    }

    private static void AssertBounded(ProjectionCatalog catalog) =>
        Assert.All(catalog.All, r => Assert.InRange(r.Live.HeldRows, 1, HotRows + HotRows / 4));

    private static async Task AssertExactAsync(TestHost store, ProjectionCatalog catalog, WarehouseSimulation simulation)
    {
        await Task.WhenAll(catalog.All.Select(async r => Assert.Empty(await r.Rebuild.VerifyAsync(Ct))));
        await store.AssertReadTablesShowAsync(simulation, lowStockThreshold: 10);
    }
}

public sealed class HotRowsTestsOnSqlite() : HotRowsTests(DatabaseProvider.Sqlite);

public sealed class HotRowsTestsOnPostgreSql() : HotRowsTests(DatabaseProvider.PostgreSql);
