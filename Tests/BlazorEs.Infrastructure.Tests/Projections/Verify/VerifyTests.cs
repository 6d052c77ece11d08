using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Projections.Verify;

/// <summary>The consistency check replays in memory and lists exactly the live rows that differ, and how.</summary>
public abstract class VerifyTests(DatabaseProvider provider) : BothProviders(provider)
{
    private async Task<(TestHost Store, ProjectionCatalog Catalog)> CaughtUpStoreAsync()
    {
        var store = await CreateStoreAsync();
        await store.AppendCommandsAsync(new WarehouseSimulation(seed: 31, maxProducts: 20).Commands(600));
        var catalog = store.Catalog(ReadModelProjections.All(new ReadModelOptions()), TestHostReadSide.Options(batchSize: 128));
        foreach (var runner in catalog.All) await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);
        return (store, catalog);
    }

    [Fact]
    public async Task AHealthyStoreHasNoDifferencesInAnyProjection()
    {
        var (store, catalog) = await CaughtUpStoreAsync();
        await using var _ = store;

        foreach (var runner in catalog.All)
            Assert.Empty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TamperedRowsAreReportedExactlyAsChangedMissingAndUnexpected()
    {
        var (store, catalog) = await CaughtUpStoreAsync();
        await using var _ = store;
        var stock = (await store.RowsAsync<StockLevel>("StockLevels")).Single(r => r.Sku == "WASHER-M8");
        var order = (await store.RowsAsync<OrderSummary>("OrderSummaries")).OrderBy(r => r.OrderId).First();

        await store.ExecuteRawAsync("UPDATE StockLevels SET OnHand = 999 WHERE Sku = 'WASHER-M8'");
        await store.ExecuteRawAsync(
            """
            INSERT INTO StockLevels (Sku, Name, Price, OnHand, Reserved, Available, ShippedTotal, Discontinued, LastChangedAt, LastChangedBy, StreamVersion, Position)
            VALUES ('GHOST', 'Never registered', 1.0, 5, 0, 5, 0, FALSE, '2026-11-20 10:00:00', 'mallory', 1, 1)
            """);
        await store.ExecuteRawAsync($"DELETE FROM OrderSummaries WHERE OrderId = '{order.OrderId}'");

        var stockDifferences = await catalog[StockLevelsProjection.ProjectionName].Rebuild.VerifyAsync(TestContext.Current.CancellationToken);
        var orderDifferences = await catalog[OrderSummariesProjection.ProjectionName].Rebuild.VerifyAsync(TestContext.Current.CancellationToken);

        Assert.Equal([("GHOST", "unexpected"), ("WASHER-M8", "changed")], stockDifferences.Select(d => (d.Key, d.Kind)));
        var ghost = Assert.IsType<StockLevel>(stockDifferences[0].Live);
        Assert.Equal(("Never registered", "mallory"), (ghost.Name, ghost.LastChangedBy));
        Assert.Null(stockDifferences[0].Replayed);
        Assert.Equal(stock with { OnHand = 999 }, stockDifferences[1].Live);
        Assert.Equal(stock, stockDifferences[1].Replayed);
        var missing = Assert.Single(orderDifferences);
        Assert.Equal((order.OrderId, "missing", (object?)null, (object?)order), (missing.Key, missing.Kind, missing.Live, missing.Replayed));
        Assert.Empty(await catalog["DashboardFigures"].Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await catalog["LowStockAlerts"].Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task VerifyComparesWithTheReplayUpToTheCheckpointSoEventsNotYetAppliedAreNoDifference()
    {
        var (store, catalog) = await CaughtUpStoreAsync();
        await using var _ = store;

        await store.AppendCommandsAsync(new WarehouseSimulation(seed: 32, maxProducts: 20).Commands(100), TestHostReadSide.HistoryStart.AddDays(5));

        foreach (var runner in catalog.All)
            Assert.Empty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
    }
}

public sealed class VerifyTestsOnSqlite() : VerifyTests(DatabaseProvider.Sqlite);

public sealed class VerifyTestsOnPostgreSql() : VerifyTests(DatabaseProvider.PostgreSql);
