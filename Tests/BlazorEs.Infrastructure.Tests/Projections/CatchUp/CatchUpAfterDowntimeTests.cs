using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Projections.CatchUp;

/// <summary>The app was down while 100,000 events were written; on start every projection catches up to the head, exactly.</summary>
public abstract class CatchUpAfterDowntimeTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task AfterAHundredThousandEventsWhileTheAppWasDownEveryProjectionCatchesUpToTheHeadWithNoDifferences()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 41, maxProducts: 500);
        var head = await store.AppendInCommitsAsync(simulation.Commands(100_000), eventsPerCommit: 1_000);
        Assert.True(head >= 100_000);
        Assert.Equal(simulation.EventCount, head);

        var catalog = store.Catalog(ReadModelProjections.All(new ReadModelOptions { LowStockThreshold = 10 }), new ProjectionOptions());
        await Task.WhenAll(catalog.All.Select(r => r.Live.CatchUpAsync(TestContext.Current.CancellationToken)));

        foreach (var runner in catalog.All)
        {
            var status = await runner.StatusAsync(TestContext.Current.CancellationToken);
            Assert.Equal((ProjectionState.Live, head, 0L), (status.State, status.Checkpoint, status.LagEvents));
            Assert.Equal(head, (await store.CheckpointAsync(runner.Name))!.Position);
        }
        await Task.WhenAll(catalog.All.Select(async r => Assert.Empty(await r.Rebuild.VerifyAsync(TestContext.Current.CancellationToken))));
        await store.AssertReadTablesShowAsync(simulation, lowStockThreshold: 10);
    }
}

public sealed class CatchUpAfterDowntimeTestsOnSqlite() : CatchUpAfterDowntimeTests(DatabaseProvider.Sqlite);

public sealed class CatchUpAfterDowntimeTestsOnPostgreSql() : CatchUpAfterDowntimeTests(DatabaseProvider.PostgreSql);
