using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Projections.Rebuild;

/// <summary>Rebuilding every projection with one pass over the log ends where a rebuild of each alone ends.</summary>
public abstract class RebuildAllTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task RebuildingAllRepairsEveryTamperedTableAndMovesEveryCheckpointToTheHead()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 31, maxProducts: 30);
        var head = await store.AppendCommandsAsync(simulation.Commands(800));
        var catalog = store.Catalog(ReadModelProjections.All(new ReadModelOptions { LowStockThreshold = 10 }), TestHostReadSide.Options(batchSize: 150));
        await catalog.CatchUpAsync(position: null, Timeout.InfiniteTimeSpan, TestContext.Current.CancellationToken);
        await store.ExecuteRawAsync("UPDATE StockLevels SET OnHand = 999; DELETE FROM OrderSummaries; UPDATE DashboardFigures SET Value = -1; DELETE FROM LowStockAlerts");
        foreach (var runner in catalog.All) Assert.NotEmpty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));

        var results = await catalog.RebuildAllAsync(TestContext.Current.CancellationToken);

        Assert.All(results, r => Assert.Equal((RebuildPhase.Done, head, head, (string?)null), (r.Phase, r.Processed, r.Total, r.Error)));
        foreach (var runner in catalog.All)
        {
            Assert.Equal(head, runner.Checkpoint);
            Assert.Equal(head, (await store.CheckpointAsync(runner.Name))!.Position);
            Assert.Empty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
        }
        await store.AssertReadTablesShowAsync(simulation, lowStockThreshold: 10);
    }

    [Fact]
    public async Task RebuildingAllWhileOneProjectionIsRebuildingFailsWithoutTouchingAnything()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 32, maxProducts: 10);
        var head = await store.AppendCommandsAsync(simulation.Commands(100));
        var catalog = store.Catalog(ReadModelProjections.All(new ReadModelOptions { LowStockThreshold = 10 }));
        await catalog.CatchUpAsync(position: null, Timeout.InfiniteTimeSpan, TestContext.Current.CancellationToken);
        var rebuilding = ((IProjectionParts)catalog.All.Last()).RebuildTarget;
        var job = rebuilding.Start(DateTime.UtcNow);

        await Assert.ThrowsAsync<InvalidOperationException>(() => catalog.RebuildAllAsync(TestContext.Current.CancellationToken));

        job.Fail(new OperationCanceledException("test over"));
        Assert.All(catalog.All.SkipLast(1), r => Assert.Equal(RebuildPhase.Failed, r.Rebuild.Progress!.Phase));
        Assert.All(catalog.All, r => Assert.Equal(head, r.Checkpoint));
        // Nothing was left marked as rebuilding: a rebuild of all now runs.
        Assert.All(await catalog.RebuildAllAsync(TestContext.Current.CancellationToken), r => Assert.Equal(RebuildPhase.Done, r.Phase));
    }
}

public sealed class RebuildAllTestsOnSqlite() : RebuildAllTests(DatabaseProvider.Sqlite);

public sealed class RebuildAllTestsOnPostgreSql() : RebuildAllTests(DatabaseProvider.PostgreSql);
