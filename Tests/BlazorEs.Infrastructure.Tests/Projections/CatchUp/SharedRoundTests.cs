using System.Data.Common;
using BlazorEs.Domain;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Projections.CrashRecovery;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BlazorEs.Infrastructure.Tests.Projections.CatchUp;

/// <summary>
/// The catalog's shared round: one read of each batch for every projection, one transaction for all their rows and
/// checkpoints, and still each projection's own semantics (a failing one stops at its event, the others go on).
/// </summary>
public abstract class SharedRoundTests(DatabaseProvider provider) : BothProviders(provider)
{
    private static readonly ReadModelOptions Settings = new() { LowStockThreshold = 10 };

    private static IProjection[] AllFour() =>
        [new StockLevelsProjection(), new OrderSummariesProjection(), new DashboardFiguresProjection(Settings), new LowStockAlertsProjection(Settings)];

    [Fact]
    public async Task OneRoundCommitsEveryProjectionsRowsAndCheckpointInOneTransaction()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 21, maxProducts: 20);
        var head = await store.AppendCommandsAsync(simulation.Commands(200));
        var commits = new CountingCommits();
        var catalog = store.Catalog(AllFour(), TestHostReadSide.Options(batchSize: 100_000), store.FactoryWith(commits));

        var behind = await catalog.CatchUpAsync(head, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Empty(behind);
        Assert.Equal(1, commits.Count);
        Assert.All(catalog.All, r => Assert.Equal(head, r.Checkpoint));
        foreach (var runner in catalog.All) Assert.Equal(head, (await store.CheckpointAsync(runner.Name))!.Position);
        await store.AssertReadTablesShowAsync(simulation, Settings.LowStockThreshold);
    }

    [Fact]
    public async Task AProjectionFailingInARoundKeepsTheEventBeforeAsItsCheckpointWhileTheOthersCommitAndGoOn()
    {
        await using var store = await CreateStoreAsync();
        async Task<long> Append(string sku, object e) =>
            (await store.Writer.AppendAsync(new AppendRequest([new StreamAppend(StreamIds.Product(sku), ExpectedVersion.Any, [e])], TestHost.Metadata()))).LastPosition;
        await Append("A", new ProductRegistered("A", "Anvil", 10m));
        await Append("A", new StockReceived("A", 30, "PO-1"));
        var poison = await Append("A", new StockAdjusted("A", -5, PoisonedProjection<LowStockAlert>.Reason));
        var head = await Append("A", new StockReceived("A", 1, "PO-2"));
        var catalog = store.Catalog([new StockLevelsProjection(), new PoisonedProjection<LowStockAlert>(new LowStockAlertsProjection(Settings))],
            TestHostReadSide.Options(batchSize: 1000, maxAttempts: 2));

        var behind = await catalog.CatchUpAsync(head, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(["LowStockAlerts"], behind.Select(r => r.Name));
        Assert.Equal(head, catalog["StockLevels"].Checkpoint);
        Assert.Equal(26, (await store.RowsAsync<StockLevel>("StockLevels")).Single().Available);
        var alerts = await catalog["LowStockAlerts"].StatusAsync(TestContext.Current.CancellationToken);
        Assert.Equal((ProjectionState.Parked, poison - 1, (long?)poison), (alerts.State, alerts.Checkpoint, alerts.ParkedAt));
        var stored = await store.CheckpointAsync("LowStockAlerts");
        Assert.Equal((poison - 1, (long?)poison), (stored!.Position, stored.ParkedAt));
        Assert.Equal(30, (await store.RowsAsync<LowStockAlert>("LowStockAlerts")).Single().Available); // the poison's rows were undone

        // Parked, it is left alone by the next rounds, which keep the others going.
        var later = await Append("A", new StockReceived("A", 4, "PO-3"));
        Assert.Empty(await catalog.CatchUpAsync(later, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        Assert.Equal((later, poison - 1), (catalog["StockLevels"].Checkpoint, catalog["LowStockAlerts"].Checkpoint));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AFailedCombinedCommitLosesNothingAndAppliesNothingTwice(bool landsBeforeFailing)
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 22, maxProducts: 20);
        var head = await store.AppendCommandsAsync(simulation.Commands(300));
        var failing = landsBeforeFailing ? FailingCommits.After(commit: 2) : FailingCommits.Before(commit: 2);
        var catalog = store.Catalog(AllFour(), TestHostReadSide.Options(batchSize: 100, maxAttempts: 3),
            store.FactoryWith(failing));

        var behind = await catalog.CatchUpAsync(head, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Empty(behind); // the round failed at its second commit; each runner's own retry took it to the head
        Assert.Equal(1, failing.Failed);
        Assert.All(catalog.All, r => Assert.Equal(head, r.Checkpoint));
        await store.AssertReadTablesShowAsync(simulation, Settings.LowStockThreshold);
        foreach (var runner in catalog.All) Assert.Empty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ConcurrentCommandsCoalesceIntoFewRounds()
    {
        // The first command's round is held (in its Apply) while the other commands commit and ask for their positions;
        // released, the whole queue is one more round: two commits in all, however the callers interleave.
        // Without coalescing (each caller a round of its own, up to its own position) it would be one per command.
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 23, maxProducts: 20);
        var held = new HeldProjection<StockLevel>(new StockLevelsProjection());
        var commits = new CountingCommits();
        IProjection[] projections = [held, .. AllFour().Where(p => p.Name != held.Name)];
        var catalog = store.Catalog(projections, TestHostReadSide.Options(batchSize: 100_000), store.FactoryWith(commits));
        var ct = TestContext.Current.CancellationToken;
        await catalog.CatchUpAsync(position: null, Timeout.InfiniteTimeSpan, ct);
        var commands = simulation.Commands(64).ToList();
        Assert.True(commands.Count >= 32, $"{commands.Count} commands");

        var first = await store.Writer.AppendAsync(TestHostReadSide.Request(commands[0]));
        var committedBefore = commits.Count;
        held.Arm();
        var leader = Task.Run(() => CatchUpAsync(first.LastPosition), ct);
        await held.Holding.Task.WaitAsync(ct);
        var followers = await Task.WhenAll(commands.Skip(1).Select(async command =>
        {
            var committed = await store.Writer.AppendAsync(TestHostReadSide.Request(command));
            return (committed.LastPosition, CatchUp: CatchUpAsync(committed.LastPosition));
        }));
        held.Release();
        await leader;
        await Task.WhenAll(followers.Select(f => f.CatchUp));

        Assert.Equal(2, commits.Count - committedBefore);
        Assert.All(catalog.All, r => Assert.Equal(followers.Max(f => f.LastPosition), r.Checkpoint));
        await store.AssertReadTablesShowAsync(simulation, Settings.LowStockThreshold);

        async Task CatchUpAsync(long position)
        {
            Assert.Empty(await catalog.CatchUpAsync(position, Timeout.InfiniteTimeSpan, ct));
            Assert.All(catalog.All, r => Assert.True(r.Checkpoint >= position));
        }
    }

    [Fact]
    public async Task CallersArrivingWhileARoundRunsReturnWithItsPositionsAppliedWithoutARoundOfTheirOwn()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 5, maxProducts: 20);
        var head = await store.AppendCommandsAsync(simulation.Commands(100));
        var commits = new CountingCommits();
        var catalog = store.Catalog(AllFour(), TestHostReadSide.Options(batchSize: 100_000), store.FactoryWith(commits));

        var behind = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => catalog.CatchUpAsync(head, Timeout.InfiniteTimeSpan, TestContext.Current.CancellationToken))));

        Assert.All(behind, Assert.Empty);
        Assert.Equal(1, commits.Count);
        Assert.All(catalog.All, r => Assert.Equal(head, r.Checkpoint));
        await store.AssertReadTablesShowAsync(simulation, Settings.LowStockThreshold);
    }

    [Fact]
    public async Task ACallerWhoseWaitRunsOutWhileAnotherRoundIsCommittingGetsEveryProjectionBackAsBehind()
    {
        await using var store = await CreateStoreAsync();
        var simulation = new WarehouseSimulation(seed: 6, maxProducts: 20);
        var head = await store.AppendCommandsAsync(simulation.Commands(50));
        var held = new HeldCommits();
        var catalog = store.Catalog(AllFour(), TestHostReadSide.Options(batchSize: 100_000), store.FactoryWith(held));
        var ct = TestContext.Current.CancellationToken;
        var leader = Task.Run(() => catalog.CatchUpAsync(head, Timeout.InfiniteTimeSpan, ct), ct);
        await held.Committing.Task.WaitAsync(ct);

        var behind = await catalog.CatchUpAsync(head, TimeSpan.FromMilliseconds(50), ct);

        Assert.Equal(catalog.Names.Order(), behind.Select(r => r.Name).Order());
        Assert.All(catalog.All, r => Assert.Equal(0, r.Checkpoint));
        held.Release.SetResult();
        Assert.Empty(await leader);
        Assert.All(catalog.All, r => Assert.Equal(head, r.Checkpoint));
        await store.AssertReadTablesShowAsync(simulation, Settings.LowStockThreshold);
    }

    /// <summary>
    /// StockLevels, whose first Apply once armed waits until released: it holds the round that runs it, and the round's
    /// lock, before the round opens a transaction (a held commit would hold SQLite's write lock, and the writer with it).
    /// </summary>
    private sealed class HeldProjection<TRow>(Projection<TRow> release) : Projection<TRow> where TRow : class, IReadModelRow
    {
        private readonly ManualResetEventSlim _release = new();
        private int _armed;

        public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override string Name => release.Name;

        public override string Table => release.Table;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public void Release() => _release.Set();

        public override void Apply(StoredEvent e, IRowStore<TRow> rows)
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Holding.TrySetResult();
                _release.Wait(TimeSpan.FromMinutes(1));
            }
            release.Apply(e, rows);
        }
    }

    /// <summary>Holds every commit until released, and says when the first one is waiting.</summary>
    private sealed class HeldCommits : DbTransactionInterceptor
    {
        public TaskCompletionSource Committing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Committing.TrySetResult();
            await Release.Task;
            return result;
        }
    }

    private sealed class CountingCommits : DbTransactionInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }

        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Interlocked.Increment(ref _count);
    }
}

public sealed class SharedRoundTestsOnSqlite() : SharedRoundTests(DatabaseProvider.Sqlite);

public sealed class SharedRoundTestsOnPostgreSql() : SharedRoundTests(DatabaseProvider.PostgreSql);
