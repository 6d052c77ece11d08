using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Projections.Parking;

/// <summary>A poison event parks only its own projection, at that event, visibly and durably; operators retry or skip it.</summary>
public abstract class PoisonEventTests(DatabaseProvider provider) : BothProviders(provider)
{
    private static readonly ReadModelOptions Settings = new() { LowStockThreshold = 10 };

    private static PoisonedProjection<LowStockAlert> Alerts(bool poisoned = true) =>
        new(new LowStockAlertsProjection(Settings)) { Poisoned = poisoned };

    private static ProjectionCatalog Catalog(TestHost store, PoisonedProjection<LowStockAlert> alerts) =>
        store.Catalog([new StockLevelsProjection(), alerts], TestHostReadSide.Options(batchSize: 3, maxAttempts: 2));

    /// <summary>A: 30 received, 5 poisoned away, 1 received; B: 2 received. Returns the poison's position.</summary>
    private static async Task<(long Poison, long Head)> AppendHistoryAsync(TestHost store)
    {
        async Task<long> Append(params StreamAppend[] streams) =>
            (await store.Writer.AppendAsync(new AppendRequest(streams, TestHost.Metadata()))).LastPosition;
        static StreamAppend Product(string sku, object e) => new(StreamIds.Product(sku), ExpectedVersion.Any, [e]);

        await Append(Product("A", new ProductRegistered("A", "Anvil", 10m)), Product("B", new ProductRegistered("B", "Bucket", 2m)));
        await Append(Product("A", new StockReceived("A", 30, "PO-1")));
        await Append(Product("A", new StockAdjusted("A", 2, "count")));
        var poison = await Append(Product("A", new StockAdjusted("A", -5, PoisonedProjection<LowStockAlert>.Reason)));
        await Append(Product("A", new StockReceived("A", 1, "PO-2")), Product("B", new StockReceived("B", 2, "PO-3")));
        var head = await Append(Product("B", new StockAdjusted("B", 1, "count")));
        return (poison, head);
    }

    [Fact]
    public async Task APoisonEventParksItsProjectionAtThatEventWithTheErrorWhileTheOthersReachTheHead()
    {
        await using var store = await CreateStoreAsync();
        var (poison, head) = await AppendHistoryAsync(store);
        var catalog = Catalog(store, Alerts());

        foreach (var runner in catalog.All) await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        var alerts = await catalog["LowStockAlerts"].StatusAsync(TestContext.Current.CancellationToken);
        Assert.Equal((ProjectionState.Parked, (long?)poison, poison - 1, head - poison + 1),
            (alerts.State, alerts.ParkedAt, alerts.Checkpoint, alerts.LagEvents));
        Assert.Contains($"LowStockAlerts failed to apply StockAdjusted at position {poison}", alerts.LastError);
        Assert.Contains("The adjustment of A by -5 cannot be handled.", alerts.LastError);
        Assert.Contains(nameof(PoisonedProjection<>), alerts.LastError); // the stack is there too
        var stock = await catalog["StockLevels"].StatusAsync(TestContext.Current.CancellationToken);
        Assert.Equal((ProjectionState.Live, head), (stock.State, stock.Checkpoint));

        var checkpoint = await store.CheckpointAsync("LowStockAlerts");
        Assert.Equal((poison - 1, (long?)poison, alerts.LastError), (checkpoint!.Position, checkpoint.ParkedAt, checkpoint.LastError));
        Assert.Equal(32, Alert(await store.RowsAsync<LowStockAlert>("LowStockAlerts"), "A").Available); // nothing half-applied
        Assert.Equal(28, (await store.RowsAsync<StockLevel>("StockLevels")).Single(r => r.Sku == "A").Available);
    }

    [Fact]
    public async Task AParkedProjectionStaysParkedAtTheSameEventWhileTheOthersKeepGoing()
    {
        await using var store = await CreateStoreAsync();
        var (poison, _) = await AppendHistoryAsync(store);
        var catalog = Catalog(store, Alerts());
        foreach (var runner in catalog.All) await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        var head = (await store.Writer.AppendAsync(new AppendRequest(
            [new StreamAppend("product-B", ExpectedVersion.Any, [new StockReceived("B", 40, "PO-9")])], TestHost.Metadata()))).LastPosition;
        foreach (var runner in catalog.All) await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        Assert.Equal(head, catalog["StockLevels"].Checkpoint);
        Assert.Equal((poison - 1, (long?)poison), (catalog["LowStockAlerts"].Checkpoint, (await catalog["LowStockAlerts"].StatusAsync(TestContext.Current.CancellationToken)).ParkedAt));
    }

    [Fact]
    public async Task AParkSurvivesARestart()
    {
        await using var store = await CreateStoreAsync();
        var (poison, _) = await AppendHistoryAsync(store);
        var beforeRestart = Catalog(store, Alerts());
        foreach (var runner in beforeRestart.All) await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);
        var parked = await beforeRestart["LowStockAlerts"].StatusAsync(TestContext.Current.CancellationToken);

        var afterRestart = Catalog(store, Alerts());
        foreach (var runner in afterRestart.All) await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        var status = await afterRestart["LowStockAlerts"].StatusAsync(TestContext.Current.CancellationToken);
        Assert.Equal((ProjectionState.Parked, (long?)poison, poison - 1, parked.LastError), (status.State, status.ParkedAt, status.Checkpoint, status.LastError));
    }

    [Fact]
    public async Task RetryingBeforeTheFixParksAgainAtTheSameEvent()
    {
        await using var store = await CreateStoreAsync();
        var (poison, _) = await AppendHistoryAsync(store);
        var catalog = Catalog(store, Alerts());
        await catalog["LowStockAlerts"].Live.CatchUpAsync(TestContext.Current.CancellationToken);

        Assert.Equal(poison, await catalog["LowStockAlerts"].Operator.RetryAsync(TestContext.Current.CancellationToken));

        var status = await catalog["LowStockAlerts"].StatusAsync(TestContext.Current.CancellationToken);
        Assert.Equal((ProjectionState.Parked, (long?)poison, poison - 1), (status.State, status.ParkedAt, status.Checkpoint));
        Assert.Equal(32, Alert(await store.RowsAsync<LowStockAlert>("LowStockAlerts"), "A").Available);
    }

    [Fact]
    public async Task RetryingAfterTheFixAppliesThePoisonEventOnceAndCatchesUp()
    {
        await using var store = await CreateStoreAsync();
        var (poison, head) = await AppendHistoryAsync(store);
        await Catalog(store, Alerts())["LowStockAlerts"].Live.CatchUpAsync(TestContext.Current.CancellationToken);

        var fixedRelease = Catalog(store, Alerts(poisoned: false))["LowStockAlerts"];
        await fixedRelease.Live.CatchUpAsync(TestContext.Current.CancellationToken);
        Assert.Equal(ProjectionState.Parked, (await fixedRelease.StatusAsync(TestContext.Current.CancellationToken)).State);
        Assert.Equal(poison, await fixedRelease.Operator.RetryAsync(TestContext.Current.CancellationToken));

        var status = await fixedRelease.StatusAsync(TestContext.Current.CancellationToken);
        Assert.Equal((ProjectionState.Live, head, (long?)null, (string?)null), (status.State, status.Checkpoint, status.ParkedAt, status.LastError));
        var rows = await store.RowsAsync<LowStockAlert>("LowStockAlerts");
        Assert.Equal((28, 3), (Alert(rows, "A").Available, Alert(rows, "B").Available));
        Assert.Empty(await fixedRelease.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
        Assert.Equal((head, (long?)null), ((await store.CheckpointAsync("LowStockAlerts"))!.Position, (await store.CheckpointAsync("LowStockAlerts"))!.ParkedAt));
    }

    [Fact]
    public async Task SkippingMovesPastThePoisonEventWithoutApplyingItAndAppliesEverythingAfterIt()
    {
        await using var store = await CreateStoreAsync();
        var (poison, head) = await AppendHistoryAsync(store);
        var alerts = Catalog(store, Alerts())["LowStockAlerts"];
        await alerts.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        Assert.Equal(poison, await alerts.Operator.SkipAsync(TestContext.Current.CancellationToken));

        var status = await alerts.StatusAsync(TestContext.Current.CancellationToken);
        Assert.Equal((ProjectionState.Live, head, (long?)null), (status.State, status.Checkpoint, status.ParkedAt));
        var rows = await store.RowsAsync<LowStockAlert>("LowStockAlerts");
        Assert.Equal((33, 3), (Alert(rows, "A").Available, Alert(rows, "B").Available));
        Assert.Equal((head, (long?)null), ((await store.CheckpointAsync("LowStockAlerts"))!.Position, (await store.CheckpointAsync("LowStockAlerts"))!.ParkedAt));
    }

    [Fact]
    public async Task RetryAndSkipRefuseAProjectionThatIsNotParked()
    {
        await using var store = await CreateStoreAsync();
        await AppendHistoryAsync(store);
        var stock = Catalog(store, Alerts())["StockLevels"];
        await stock.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(() => stock.Operator.RetryAsync(TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<InvalidOperationException>(() => stock.Operator.SkipAsync(TestContext.Current.CancellationToken));
    }

    private static LowStockAlert Alert(IEnumerable<LowStockAlert> rows, string sku) => rows.Single(r => r.Sku == sku);
}

public sealed class PoisonEventTestsOnSqlite() : PoisonEventTests(DatabaseProvider.Sqlite);

public sealed class PoisonEventTestsOnPostgreSql() : PoisonEventTests(DatabaseProvider.PostgreSql);
