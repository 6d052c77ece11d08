using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Projections.CrashRecovery;

/// <summary>Physics 6: a crash anywhere between applying and checkpointing loses nothing and applies nothing twice.</summary>
public abstract class CrashBetweenApplyAndCheckpointTests(DatabaseProvider provider) : BothProviders(provider)
{
    private const int BatchSize = 100;

    private async Task<(TestHost Store, WarehouseSimulation Simulation, long Head)> StoreWithHistoryAsync(int seed)
    {
        var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed, maxProducts: 25);
        var head = await store.AppendCommandsAsync(simulation.Commands(550));
        return (store, simulation, head);
    }

    private static IProjectionRunner StockLevels(TestHost store, int maxAttempts, FailingCommits? failing = null) =>
        store.Catalog([new StockLevelsProjection()], TestHostReadSide.Options(BatchSize, maxAttempts),
            failing is null ? null : store.FactoryWith(failing))[StockLevelsProjection.ProjectionName];

    [Fact]
    public async Task ACommitThatNeverHappensParksTheProjectionAndARestartWithRetryEndsWhereACleanReplayEnds()
    {
        var (store, simulation, head) = await StoreWithHistoryAsync(seed: 11);
        await using var _ = store;
        var failing = FailingCommits.Before(commit: 2);
        var crashed = StockLevels(store, maxAttempts: 1, failing);

        await crashed.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        var status = await crashed.StatusAsync(TestContext.Current.CancellationToken);
        Assert.Equal((ProjectionState.Parked, BatchSize, (long?)BatchSize + 1), (status.State, status.Checkpoint, status.ParkedAt));
        Assert.Contains("Injected failure at commit 2", status.LastError);
        var row = await store.CheckpointAsync(StockLevelsProjection.ProjectionName);
        Assert.Equal((BatchSize, (long?)BatchSize + 1), (row!.Position, row.ParkedAt));
        Assert.Equal(
            (await crashed.Rebuild.ReplayAsync(BatchSize, TestContext.Current.CancellationToken)).Cast<StockLevel>().OrderBy(r => r.Sku),
            (await store.RowsAsync<StockLevel>("StockLevels")).OrderBy(r => r.Sku));

        var restarted = StockLevels(store, maxAttempts: 1);
        await restarted.Live.CatchUpAsync(TestContext.Current.CancellationToken);
        Assert.Equal(ProjectionState.Parked, (await restarted.StatusAsync(TestContext.Current.CancellationToken)).State);
        Assert.Equal(BatchSize + 1, await restarted.Operator.RetryAsync(TestContext.Current.CancellationToken));

        Assert.Equal(1, failing.Failed);
        await AssertCaughtUpCleanlyAsync(store, simulation, restarted, head);
    }

    [Fact]
    public async Task ACommitThatLandsButReportsAFailureParksWithoutRewindingAndARestartWithRetryAppliesNothingTwice()
    {
        var (store, simulation, head) = await StoreWithHistoryAsync(seed: 12);
        await using var _ = store;
        var failing = FailingCommits.After(commit: 2);
        var crashed = StockLevels(store, maxAttempts: 1, failing);

        await crashed.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        var row = await store.CheckpointAsync(StockLevelsProjection.ProjectionName);
        Assert.Equal((2 * BatchSize, (long?)2 * BatchSize + 1), (row!.Position, row.ParkedAt));
        Assert.Equal((long?)2 * BatchSize + 1, (await crashed.StatusAsync(TestContext.Current.CancellationToken)).ParkedAt);

        var restarted = StockLevels(store, maxAttempts: 1);
        await restarted.Live.CatchUpAsync(TestContext.Current.CancellationToken);
        await restarted.Operator.RetryAsync(TestContext.Current.CancellationToken);

        await AssertCaughtUpCleanlyAsync(store, simulation, restarted, head);
    }

    [Fact]
    public async Task WithRetriesACommitThatNeverHappensIsRecoveredWithoutAnOperator()
    {
        var (store, simulation, head) = await StoreWithHistoryAsync(seed: 13);
        await using var _ = store;
        var failing = FailingCommits.Before(commit: 2);
        var runner = StockLevels(store, maxAttempts: 3, failing);

        await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, failing.Failed);
        await AssertCaughtUpCleanlyAsync(store, simulation, runner, head);
    }

    [Fact]
    public async Task WithRetriesACommitThatLandsButReportsAFailureIsRecoveredWithoutApplyingAnythingTwice()
    {
        var (store, simulation, head) = await StoreWithHistoryAsync(seed: 14);
        await using var _ = store;
        var failing = FailingCommits.After(commit: 3);
        var runner = StockLevels(store, maxAttempts: 3, failing);

        await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, failing.Failed);
        await AssertCaughtUpCleanlyAsync(store, simulation, runner, head);
    }

    private static async Task AssertCaughtUpCleanlyAsync(TestHost store, WarehouseSimulation simulation, IProjectionRunner runner, long head)
    {
        var status = await runner.StatusAsync(TestContext.Current.CancellationToken);
        Assert.Equal((ProjectionState.Live, head, (long?)null, (string?)null), (status.State, status.Checkpoint, status.ParkedAt, status.LastError));
        var checkpoint = await store.CheckpointAsync(StockLevelsProjection.ProjectionName);
        Assert.Equal((head, (long?)null), (checkpoint!.Position, checkpoint.ParkedAt));
        Assert.Empty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
        Assert.Equal(simulation.ExpectedStock(), WarehouseSimulation.Facts(await store.RowsAsync<StockLevel>("StockLevels")));
    }
}

public sealed class CrashBetweenApplyAndCheckpointTestsOnSqlite() : CrashBetweenApplyAndCheckpointTests(DatabaseProvider.Sqlite);

public sealed class CrashBetweenApplyAndCheckpointTestsOnPostgreSql() : CrashBetweenApplyAndCheckpointTests(DatabaseProvider.PostgreSql);
