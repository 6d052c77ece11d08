using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Projections.Rebuild;

/// <summary>A rebuild replays in memory, then replaces the live rows, checks them and moves the checkpoint in one transaction; live rows serve reads until then.</summary>
public abstract class RebuildTests(DatabaseProvider provider) : BothProviders(provider)
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RebuildingAHealthyProjectionEndsDoneWithTheSameRowsAndTheCheckpointAtTheHead()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 21, maxProducts: 40);
        var head = await store.AppendCommandsAsync(simulation.Commands(1500));
        var catalog = store.Catalog(ReadModelProjections.All(new ReadModelOptions { LowStockThreshold = 10 }), TestHostReadSide.Options(batchSize: 200));
        foreach (var runner in catalog.All) await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        foreach (var runner in catalog.All)
        {
            var table = runner.Projection.Table;
            var before = await store.TableContentsAsync(table);

            var result = await runner.Rebuild.RunAsync(TestContext.Current.CancellationToken);

            Assert.Equal((RebuildPhase.Done, head, head, (string?)null), (result.Phase, result.Processed, result.Total, result.Error));
            Assert.NotNull(result.FinishedAt);
            Assert.Equal(before, await store.TableContentsAsync(table));
            Assert.Equal((head, (long?)null), ((await store.CheckpointAsync(runner.Name))!.Position, (await store.CheckpointAsync(runner.Name))!.ParkedAt));
            var status = await runner.StatusAsync(TestContext.Current.CancellationToken);
            Assert.Equal((ProjectionState.Live, head, RebuildPhase.Done), (status.State, status.Checkpoint, status.Rebuild!.Phase));
            Assert.Empty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
        }
        await store.AssertReadTablesShowAsync(simulation, lowStockThreshold: 10);
    }

    [Fact]
    public async Task RebuildingRepairsATamperedTable()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 22, maxProducts: 20);
        var head = await store.AppendCommandsAsync(simulation.Commands(400));
        var runner = store.Catalog([new StockLevelsProjection()])[StockLevelsProjection.ProjectionName];
        await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);
        await store.ExecuteRawAsync("UPDATE StockLevels SET OnHand = 999 WHERE Sku = 'BOLT-M8'; DELETE FROM StockLevels WHERE Sku = 'NUT-M8'");
        Assert.NotEmpty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));

        var result = await runner.Rebuild.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(RebuildPhase.Done, result.Phase);
        Assert.Equal(head, runner.Checkpoint);
        Assert.Empty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
        Assert.Equal(simulation.ExpectedStock(), WarehouseSimulation.Facts(await store.RowsAsync<StockLevel>("StockLevels")));
    }

    [Fact]
    public async Task EventsAppendedDuringARebuildAreInItsResultAndLiveReadsServeTheOldRowsMeanwhile()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 23, maxProducts: 30);
        var headAtStart = await store.AppendCommandsAsync(simulation.Commands(800));
        var pause = new PauseAtEvent<StockLevel>(new StockLevelsProjection());
        var runner = store.Catalog([pause], TestHostReadSide.Options(batchSize: 100))[StockLevelsProjection.ProjectionName];
        await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);
        pause.Arm(await store.Reader.HeadPositionAsync(TestContext.Current.CancellationToken));
        var liveBefore = await store.RowsAsync<StockLevel>("StockLevels");

        var rebuilding = Task.Run(() => runner.Rebuild.RunAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        await pause.Reached.WaitAsync(Guard, TestContext.Current.CancellationToken);
        var head = await store.AppendCommandsAsync(simulation.Commands(300), TestHostReadSide.HistoryStart.AddDays(2));
        var during = await runner.StatusAsync(TestContext.Current.CancellationToken);
        var liveDuring = await store.RowsAsync<StockLevel>("StockLevels");
        pause.Release();
        var result = await rebuilding.WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.Equal((ProjectionState.Rebuilding, RebuildPhase.Replaying, headAtStart), (during.State, during.Rebuild!.Phase, during.Rebuild.Total));
        Assert.Equal(liveBefore.OrderBy(r => r.Sku), liveDuring.OrderBy(r => r.Sku));
        Assert.True(head > headAtStart);
        Assert.Equal(RebuildPhase.Done, result.Phase);
        Assert.Equal(head, runner.Checkpoint);
        Assert.Equal(head, (await store.CheckpointAsync(StockLevelsProjection.ProjectionName))!.Position);
        var rows = await store.RowsAsync<StockLevel>("StockLevels");
        Assert.Equal(simulation.ExpectedStock(), WarehouseSimulation.Facts(rows));
        Assert.Equal((await store.ReplayAsync(new StockLevelsProjection())).OrderBy(r => r.Sku), rows.OrderBy(r => r.Sku));
        Assert.Empty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TheLiveProjectionKeepsCatchingUpDuringARebuildAndTheSwapTakesEverythingUpToTheHead()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 24, maxProducts: 30);
        await store.AppendCommandsAsync(simulation.Commands(800));
        var pause = new PauseAtEvent<StockLevel>(new StockLevelsProjection());
        var runner = store.Catalog([pause], TestHostReadSide.Options(batchSize: 100))[StockLevelsProjection.ProjectionName];
        await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);
        pause.Arm(await store.Reader.HeadPositionAsync(TestContext.Current.CancellationToken));

        var rebuilding = Task.Run(() => runner.Rebuild.RunAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        await pause.Reached.WaitAsync(Guard, TestContext.Current.CancellationToken);
        var caughtUpTo = await store.AppendCommandsAsync(simulation.Commands(200), TestHostReadSide.HistoryStart.AddDays(2));
        await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);
        var liveDuring = WarehouseSimulation.Facts(await store.RowsAsync<StockLevel>("StockLevels"));
        var expectedDuring = simulation.ExpectedStock();
        var head = await store.AppendCommandsAsync(simulation.Commands(200), TestHostReadSide.HistoryStart.AddDays(3));
        pause.Release();
        var result = await rebuilding.WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.Equal(expectedDuring, liveDuring);
        Assert.True(head > caughtUpTo);
        Assert.Equal((RebuildPhase.Done, head), (result.Phase, runner.Checkpoint));
        Assert.Equal(simulation.ExpectedStock(), WarehouseSimulation.Facts(await store.RowsAsync<StockLevel>("StockLevels")));
        Assert.Empty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ASecondRebuildWhileOneRunsIsRefused()
    {
        await using var store = await CreateStoreAsync();
        var head = await store.AppendCommandsAsync(new WarehouseSimulation(seed: 25).Commands(100));
        var pause = new PauseAtEvent<StockLevel>(new StockLevelsProjection());
        var runner = store.Catalog([pause])[StockLevelsProjection.ProjectionName];
        pause.Arm(head);

        var rebuilding = Task.Run(() => runner.Rebuild.RunAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        await pause.Reached.WaitAsync(Guard, TestContext.Current.CancellationToken);
        var second = await Record.ExceptionAsync(() => runner.Rebuild.RunAsync(TestContext.Current.CancellationToken));
        pause.Release();

        Assert.IsType<InvalidOperationException>(second);
        Assert.Equal(RebuildPhase.Done, (await rebuilding.WaitAsync(Guard, TestContext.Current.CancellationToken)).Phase);
    }

    [Fact]
    public async Task ARebuildThatFailsHalfwayThroughWritingTheLiveTableLeavesItsRowsAndCheckpointAsTheyWere()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 26, maxProducts: 30);
        var head = await store.AppendCommandsAsync(simulation.Commands(600));
        var runner = store.Catalog([new StockLevelsProjection()])[StockLevelsProjection.ProjectionName];
        await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);
        await store.ExecuteRawAsync("UPDATE StockLevels SET OnHand = 999 WHERE Sku = 'BOLT-M8'");
        var before = await store.TableContentsAsync("StockLevels");
        Assert.True(before.Count > 10);
        // The database itself refuses the eleventh row of the rewrite: ten rows are already in, the old ones already deleted.
        await store.ExecuteRawAsync(OnPostgreSql
            ? "CREATE FUNCTION fail_halfway() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF (SELECT COUNT(*) FROM StockLevels) >= 10 THEN "
              + "RAISE EXCEPTION 'refused halfway by the test'; END IF; RETURN NEW; END $$; "
              + "CREATE TRIGGER FailHalfway BEFORE INSERT ON StockLevels FOR EACH ROW EXECUTE FUNCTION fail_halfway()"
            : "CREATE TRIGGER FailHalfway BEFORE INSERT ON StockLevels WHEN (SELECT COUNT(*) FROM StockLevels) >= 10 "
              + "BEGIN SELECT RAISE(ABORT, 'refused halfway by the test'); END");

        var result = await runner.Rebuild.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(RebuildPhase.Failed, result.Phase);
        Assert.Contains("refused halfway by the test", result.Error);
        Assert.Equal(before, await store.TableContentsAsync("StockLevels"));
        Assert.Equal(head, (await store.CheckpointAsync(StockLevelsProjection.ProjectionName))!.Position);
        Assert.Equal(head, runner.Checkpoint);
        await store.ExecuteRawAsync(OnPostgreSql ? "DROP TRIGGER FailHalfway ON StockLevels" : "DROP TRIGGER FailHalfway");
        Assert.Equal(RebuildPhase.Done, (await runner.Rebuild.RunAsync(TestContext.Current.CancellationToken)).Phase);
        Assert.Equal(simulation.ExpectedStock(), WarehouseSimulation.Facts(await store.RowsAsync<StockLevel>("StockLevels")));
    }

    [Fact]
    public async Task ARebuildWhoseLiveTableWouldNotHoldExactlyTheReplayedRowsIsRolledBack()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 27, maxProducts: 20);
        var head = await store.AppendCommandsAsync(simulation.Commands(400));
        var runner = store.Catalog([new StockLevelsProjection()])[StockLevelsProjection.ProjectionName];
        await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);
        await store.ExecuteRawAsync("UPDATE StockLevels SET OnHand = 999 WHERE Sku = 'BOLT-M8'");
        var before = await store.TableContentsAsync("StockLevels");
        // Every insert succeeds, but one row vanishes again: only the count check inside the transaction can see it.
        await store.ExecuteRawAsync(OnPostgreSql
            ? "CREATE FUNCTION lose_a_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM StockLevels WHERE Sku = NEW.Sku; RETURN NULL; END $$; "
              + "CREATE TRIGGER LoseARow AFTER INSERT ON StockLevels FOR EACH ROW WHEN (NEW.Sku = 'NUT-M8') EXECUTE FUNCTION lose_a_row()"
            : "CREATE TRIGGER LoseARow AFTER INSERT ON StockLevels WHEN NEW.Sku = 'NUT-M8' "
              + "BEGIN DELETE FROM StockLevels WHERE Sku = NEW.Sku; END");

        var result = await runner.Rebuild.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(RebuildPhase.Failed, result.Phase);
        Assert.Contains($"holds {before.Count - 1} rows where the replay has {before.Count}", result.Error);
        Assert.Equal(before, await store.TableContentsAsync("StockLevels"));
        Assert.Equal(head, (await store.CheckpointAsync(StockLevelsProjection.ProjectionName))!.Position);
        Assert.Equal(head, runner.Checkpoint);
    }
}

public sealed class RebuildTestsOnSqlite() : RebuildTests(DatabaseProvider.Sqlite);

public sealed class RebuildTestsOnPostgreSql() : RebuildTests(DatabaseProvider.PostgreSql);
