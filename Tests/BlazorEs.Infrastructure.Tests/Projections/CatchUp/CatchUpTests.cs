using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Projections.CatchUp;

/// <summary>Physics 6: rows and checkpoint move together, and a restart continues from the checkpoint.</summary>
public abstract class CatchUpTests(DatabaseProvider provider) : BothProviders(provider)
{
    private static readonly ReadModelOptions Settings = new() { LowStockThreshold = 10 };

    [Fact]
    public async Task CatchingUpBringsEveryProjectionsRowsAndCheckpointToTheHead()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 1, maxProducts: 30);
        var head = await store.AppendCommandsAsync(simulation.Commands(800));
        var catalog = store.Catalog(ReadModelProjections.All(Settings), TestHostReadSide.Options(batchSize: 64));

        foreach (var runner in catalog.All) await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        foreach (var runner in catalog.All)
        {
            var status = await runner.StatusAsync(TestContext.Current.CancellationToken);
            Assert.Equal((ProjectionState.Live, head, head, 0L, (long?)null), (status.State, status.Checkpoint, status.Head, status.LagEvents, status.ParkedAt));
            var checkpoint = await store.CheckpointAsync(runner.Name);
            Assert.Equal((head, (long?)null, (string?)null), (checkpoint!.Position, checkpoint.ParkedAt, checkpoint.LastError));
            Assert.Empty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
        }
        await store.AssertReadTablesShowAsync(simulation, Settings.LowStockThreshold);
    }

    [Fact]
    public async Task ARestartContinuesFromTheCheckpointAndAppliesNothingTwice()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 2, maxProducts: 30);
        var firstHead = await store.AppendCommandsAsync(simulation.Commands(400));
        var beforeRestart = store.Catalog(ReadModelProjections.All(Settings), TestHostReadSide.Options(batchSize: 50));
        foreach (var runner in beforeRestart.All) await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        var head = await store.AppendCommandsAsync(simulation.Commands(300), TestHostReadSide.HistoryStart.AddDays(1));
        var afterRestart = store.Catalog(ReadModelProjections.All(Settings), TestHostReadSide.Options(batchSize: 50));
        foreach (var runner in afterRestart.All) await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        Assert.True(head > firstHead);
        Assert.All(afterRestart.All, r => Assert.Equal(head, r.Checkpoint));
        await store.AssertReadTablesShowAsync(simulation, Settings.LowStockThreshold);
        foreach (var runner in afterRestart.All) Assert.Empty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ARestartWithNothingNewChangesNoRowAndNoCheckpoint()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 3, maxProducts: 20);
        var head = await store.AppendCommandsAsync(simulation.Commands(200));
        var first = store.Catalog([new StockLevelsProjection()]);
        await first["StockLevels"].Live.CatchUpAsync(TestContext.Current.CancellationToken);
        var rows = await store.RowsAsync<StockLevel>("StockLevels");
        var checkpoint = (await store.CheckpointAsync("StockLevels"))!;

        var second = store.Catalog([new StockLevelsProjection()]);
        await second["StockLevels"].Live.CatchUpAsync(TestContext.Current.CancellationToken);

        Assert.Equal(head, second["StockLevels"].Checkpoint);
        Assert.Equal(rows.OrderBy(r => r.Sku), (await store.RowsAsync<StockLevel>("StockLevels")).OrderBy(r => r.Sku));
        var after = (await store.CheckpointAsync("StockLevels"))!;
        Assert.Equal((checkpoint.Position, checkpoint.UpdatedAt), (after.Position, after.UpdatedAt));
    }

    [Fact]
    public async Task CatchingUpAProjectionMovesOnlyItsOwnCheckpoint()
    {
        await using var store = await CreateStoreAsync();
        var head = await store.AppendCommandsAsync(new WarehouseSimulation(seed: 4).Commands(50));
        var catalog = store.Catalog(ReadModelProjections.All(Settings));

        await catalog[OrderSummariesProjection.ProjectionName].Live.CatchUpAsync(TestContext.Current.CancellationToken);

        Assert.Equal(head, (await store.CheckpointAsync(OrderSummariesProjection.ProjectionName))!.Position);
        Assert.Null(await store.CheckpointAsync(StockLevelsProjection.ProjectionName));
        Assert.Empty(await store.RowsAsync<StockLevel>("StockLevels"));
        Assert.Equal(0, catalog[StockLevelsProjection.ProjectionName].Checkpoint);
    }
}

public sealed class CatchUpTestsOnSqlite() : CatchUpTests(DatabaseProvider.Sqlite);

public sealed class CatchUpTestsOnPostgreSql() : CatchUpTests(DatabaseProvider.PostgreSql);
