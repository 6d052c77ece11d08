using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.Projections.ReadYourOwnWrites;

/// <summary>
/// Query results are cached until a ReadModelsChanged notification starts a new generation. So a position may only
/// be reported reached once the notification for it was published: otherwise a caller released by
/// read-your-writes (or a command that finds its position already applied by someone else) can read the cached
/// page from before its own write.
/// </summary>
public abstract class ChangeNotificationOrderTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task APositionIsReportedReachedOnlyAfterTheChangeNotificationForItWasPublished()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 51, maxProducts: 10);
        await store.AppendCommandsAsync(simulation.Commands(300));
        var changes = new ReadModelChangeFeed();
        var publisher = new CheckpointAtPublish();
        changes.Changed += publisher.Seeing;
        var catalog = ProjectionCatalog.For(ReadModelProjections.All(new ReadModelOptions()), store.Factory, store.Reader,
            TestHostReadSide.Options(batchSize: 50), NullLoggerFactory.Instance, changes);
        publisher.Catalog = catalog;

        foreach (var runner in catalog.All) await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);
        await store.AppendCommandsAsync(simulation.Commands(100), TestHostReadSide.HistoryStart.AddDays(1));
        await catalog[StockLevelsProjection.ProjectionName].Rebuild.RunAsync(TestContext.Current.CancellationToken);

        Assert.Contains(publisher.Seen, s => s.Notification.AllChanged); // the rebuild's swap
        Assert.All(publisher.Seen, s => Assert.True(s.CheckpointAtPublish < s.Notification.Position,
            $"{s.Notification.Projection} showed {s.CheckpointAtPublish} before publishing its change up to {s.Notification.Position}"));
    }

    [Fact]
    public async Task TheChangesOfOneRoundSettleOnceAfterTheLastOfThem()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 52, maxProducts: 10);
        await store.AppendCommandsAsync(simulation.Commands(200));
        var changes = new ReadModelChangeFeed();
        var seen = new List<string>();
        changes.Changed += c => seen.Add(c.Projection);
        changes.Settled += () => seen.Add("settled");
        var catalog = ProjectionCatalog.For(ReadModelProjections.All(new ReadModelOptions()), store.Factory, store.Reader,
            TestHostReadSide.Options(batchSize: 10_000), NullLoggerFactory.Instance, changes);
        var head = await store.Reader.HeadPositionAsync(TestContext.Current.CancellationToken);

        await catalog.CatchUpAsync(head, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        // One round, one read-side commit of every projection: the live push sends them as one message, at once.
        Assert.Equal(catalog.All.Count + 1, seen.Count);
        Assert.Equal("settled", seen[^1]);
        Assert.Single(seen, "settled");

        // A change raised on its own settles by itself.
        seen.Clear();
        changes.Raise(new ReadModelsChanged("X", ["k"], false, head));
        Assert.Equal(["X", "settled"], seen);
    }

    /// <summary>Records, for each ReadModelsChanged, the checkpoint its projection showed while it was being raised.</summary>
    private sealed class CheckpointAtPublish
    {
        private readonly Lock _gate = new();

        public ProjectionCatalog? Catalog { get; set; }

        public List<(ReadModelsChanged Notification, long CheckpointAtPublish)> Seen { get; } = [];

        public void Seeing(ReadModelsChanged changed)
        {
            lock (_gate) Seen.Add((changed, Catalog![changed.Projection].Checkpoint));
        }
    }
}

public sealed class ChangeNotificationOrderTestsOnSqlite() : ChangeNotificationOrderTests(DatabaseProvider.Sqlite);

public sealed class ChangeNotificationOrderTestsOnPostgreSql() : ChangeNotificationOrderTests(DatabaseProvider.PostgreSql);
