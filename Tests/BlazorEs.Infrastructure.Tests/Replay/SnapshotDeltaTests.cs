using BlazorEs.Domain.Orders;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.Replay;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.Replay;

/// <summary>
/// Full snapshots now and then, deltas (the rows changed since the previous snapshot) in between: a restore is a full
/// snapshot plus its chain of deltas, and equals a replay from zero — also when a delta removes rows, and when a link
/// of the chain is missing or unreadable (the restore stops there and the events make up the rest).
/// </summary>
public sealed class SnapshotDeltaTests
{
    [Fact]
    public async Task AFullSnapshotPlusItsDeltasEqualsAReplayFromZeroAtEverySnapshotPosition()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Backfill(20));
        await host.GenerateHistoryAsync(commands: 200, seed: 12);
        var head = await host.Services.GetRequiredService<SnapshotBackfill>().CatchUpAsync(CancellationToken.None);
        var stored = await StoredAsync(host);
        Assert.Contains(stored, s => s.Projection == OrderSummariesProjection.ProjectionName && s.Kind == SnapshotKind.Delta);
        Assert.True(stored.Count(s => s.Projection == OrderSummariesProjection.ProjectionName && s.Kind == SnapshotKind.Full) > 1,
            "the deltas should have grown past the share that starts a new full snapshot");
        Assert.All(stored.Where(s => s.Kind == SnapshotKind.Full), s => Assert.Null(s.BasePosition));

        await AssertEveryRestoreEqualsReplayFromZeroAsync(host, head / 20 * 20);
    }

    [Fact]
    public async Task ADeltaCarriesTheRowsTheProjectionRemoved()
    {
        // A release of the order summaries that drops an order once it is cancelled or shipped: rows are removed.
        var removing = new OpenOrdersOnly();
        await using var withRemovals = await TestHost.StartAsync(
            new Dictionary<string, string?> { ["Replay:SnapshotEvery"] = "20", ["Replay:WriteSnapshots"] = "false" },
            services =>
            {
                services.Remove(services.Single(d => d.ServiceType == typeof(IProjection) && d.ImplementationInstance is OrderSummariesProjection));
                services.AddSingleton<IProjection>(removing);
            });
        await withRemovals.GenerateHistoryAsync(commands: 200, seed: 13);
        var head = await withRemovals.Services.GetRequiredService<SnapshotBackfill>().CatchUpAsync(CancellationToken.None);

        var deltas = (await StoredAsync(withRemovals)).Where(s => s.Projection == removing.Name && s.Kind == SnapshotKind.Delta).ToList();
        Assert.NotEmpty(deltas);
        Assert.Contains(deltas, d => SnapshotFormat<OrderSummary>.DecodeDelta(d.Data).Removed.Length > 0);

        await AssertEveryRestoreEqualsReplayFromZeroAsync(withRemovals, head / 20 * 20);
    }

    [Fact]
    public async Task AMissingOrUnreadableLinkEndsTheChainThereAndAsOfStillEqualsAReplayFromZero()
    {
        // Longer chains than the default share gives on a history this small: at least three deltas after a full snapshot.
        await using var host = await TestHost.StartAsync(TestHostOptions.Backfill(20, fullAfterDeltas: 2));
        await host.GenerateHistoryAsync(commands: 300, seed: 14);
        var head = await host.Services.GetRequiredService<SnapshotBackfill>().CatchUpAsync(CancellationToken.None);
        var stored = await StoredAsync(host);
        var orders = stored.Where(s => s.Projection == OrderSummariesProjection.ProjectionName).OrderBy(s => s.Position).ToList();
        // A chain with at least three deltas after its full snapshot: damage the first, delete the second.
        var full = orders.First(f => f.Kind == SnapshotKind.Full && orders.Count(d => d.Kind == SnapshotKind.Delta && d.Position > f.Position
            && !orders.Any(g => g.Kind == SnapshotKind.Full && g.Position > f.Position && g.Position < d.Position)) >= 3);
        var chain = orders.Where(d => d.Position > full.Position).TakeWhile(d => d.Kind == SnapshotKind.Delta).ToList();
        var nextFull = orders.First(f => f.Kind == SnapshotKind.Full && f.Position > full.Position);
        await using (var db = host.Services.GetRequiredService<StoreContextFactory>().CreateContext())
        {
            await db.Set<ReadModelSnapshot>().Where(s => s.Projection == full.Projection && s.Position == chain[0].Position)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Data, [0x42, 0x45, 0x53, 0x44, 1, 9, 9, 9, 9, 1, 2]));
            await db.Set<ReadModelSnapshot>().Where(s => s.Projection == full.Projection && s.Position == chain[2].Position).ExecuteDeleteAsync();
            // And the next full snapshot unreadable: its deltas must not be laid on the older full one.
            await db.Set<ReadModelSnapshot>().Where(s => s.Projection == full.Projection && s.Position == nextFull.Position)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Data, [1, 2, 3]));
        }

        var chainReader = new SnapshotChain(host.Services.GetRequiredService<StoreContextFactory>(), NullLogger.Instance);
        var projection = host.Services.GetRequiredService<ProjectionCatalog>()[OrderSummariesProjection.ProjectionName].Projection;
        Assert.Equal(full.Position, (await chainReader.RestoreAsync(projection, chain[1].Position, CancellationToken.None)).From);
        Assert.Equal(full.Position, (await chainReader.RestoreAsync(projection, nextFull.Position + 20, CancellationToken.None)).From);

        var replay = host.Services.GetRequiredService<ReplayAsOf>();
        var catalog = host.Services.GetRequiredService<ProjectionCatalog>();
        var positions = new[] { chain[0].Position, chain[1].Position + 3, chain[2].Position, chain[^1].Position + 7, head }
            .Append(nextFull.Position).Append(nextFull.Position + 25)
            .Where(p => p <= head);
        foreach (var p in positions)
        {
            var asOf = await replay.AllAsync(p, CancellationToken.None);
            foreach (var runner in catalog.All)
                Assert.Equal(Sorted(await runner.Rebuild.ReplayAsync(p, CancellationToken.None)), asOf[runner.Name].Rows.Cast<IReadModelRow>().ToList());
        }
    }

    private static async Task AssertEveryRestoreEqualsReplayFromZeroAsync(TestHost host, long newest)
    {
        var catalog = host.Services.GetRequiredService<ProjectionCatalog>();
        var chain = new SnapshotChain(host.Services.GetRequiredService<StoreContextFactory>(), NullLogger.Instance);
        for (var position = 20L; position <= newest; position += 20)
        {
            foreach (var runner in catalog.All)
            {
                var restored = await chain.RestoreAsync(runner.Projection, position, CancellationToken.None);
                Assert.Equal(position, restored.From);
                Assert.Equal(Sorted(await runner.Rebuild.ReplayAsync(position, CancellationToken.None)), restored.Memory.Rows.Cast<IReadModelRow>().ToList());
            }
        }
    }

    private static List<IReadModelRow> Sorted(IReadOnlyList<object> rows) =>
        rows.Cast<IReadModelRow>().OrderBy(r => r.Key, StringComparer.Ordinal).ToList();

    private static async Task<List<ReadModelSnapshot>> StoredAsync(TestHost host)
    {
        await using var db = host.Services.GetRequiredService<StoreContextFactory>().CreateContext();
        return await db.Set<ReadModelSnapshot>().AsNoTracking().OrderBy(s => s.Position).ToListAsync();
    }

    /// <summary>The order summaries, but an order leaves the grid once it is shipped or cancelled.</summary>
    private sealed class OpenOrdersOnly : Projection<OrderSummary>
    {
        private readonly OrderSummariesProjection _release = new();

        public override string Name => _release.Name;

        public override string Table => _release.Table;

        public override void Apply(StoredEvent e, IRowStore<OrderSummary> rows)
        {
            switch (e.Data)
            {
                case OrderShipped x: rows.Remove(x.OrderId); break;
                case OrderCancelled x: rows.Remove(x.OrderId); break;
                default: _release.Apply(e, rows); break;
            }
        }
    }
}
