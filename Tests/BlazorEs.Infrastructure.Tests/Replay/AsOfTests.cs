using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Replay;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Infrastructure.Tests.Replay;

/// <summary>
/// Property-style: for many random positions, every read model as of P equals an independent fold of the events up
/// to P written plainly here, and snapshot + tail equals a replay from zero.
/// </summary>
public abstract class AsOfTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task EveryReadModelAsOfARandomPositionEqualsAPlainFoldOfTheEventsUpToIt()
    {
        await using var host = await StartAsync(TestHostOptions.Backfill(50));
        await host.GenerateHistoryAsync(commands: 180);
        await host.Services.GetRequiredService<SnapshotBackfill>().CatchUpAsync(CancellationToken.None);
        var replay = host.Services.GetRequiredService<ReplayAsOf>();
        var events = await host.Services.GetRequiredService<EventReader>().ReadAllAsync(0, int.MaxValue);
        Assert.True(events.Count > 150, $"the generated history is too small: {events.Count} events");

        var random = new Random(11);
        var positions = Enumerable.Range(0, 12).Select(_ => (long)random.Next(1, events.Count + 1)).Append(events.Count).Append(1);
        foreach (var p in positions)
        {
            var upToP = events.Where(e => e.Position <= p).ToList();
            var point = await replay.ResolveAsync(p, null, CancellationToken.None);
            var state = await replay.AllAsync(point.Position, CancellationToken.None);

            Assert.Equal(PlainFold.StockLevels(upToP), Rows<StockLevel>(state, StockLevelsProjection.ProjectionName));
            Assert.Equal(PlainFold.OrderSummaries(upToP), Rows<OrderSummary>(state, OrderSummariesProjection.ProjectionName));
            Assert.Equal(PlainFold.LowStock(upToP, threshold: 10), Rows<LowStockAlert>(state, LowStockAlertsProjection.ProjectionName)
                .Select(a => (a.Sku, a.Active, a.TimesRaised, a.Available)).ToList());
            var dashboard = ReplayAsOf.Dashboard(state[DashboardFiguresProjection.ProjectionName], point);
            var plain = PlainFold.Dashboard(upToP, threshold: 10);
            Assert.Equal(plain.OrdersByStatus, dashboard.OrdersByStatus.Values);
            Assert.Equal((plain.Revenue, plain.StockValue, plain.LowStock, plain.Events), (dashboard.RevenuePaid, dashboard.StockValue, dashboard.LowStockCount, dashboard.EventsTotal));
        }
    }

    [Fact]
    public async Task SnapshotPlusTailEqualsAReplayFromZero()
    {
        await using var host = await StartAsync(TestHostOptions.Backfill(40));
        await host.GenerateHistoryAsync(commands: 150, seed: 3);
        var head = await host.Services.GetRequiredService<SnapshotBackfill>().CatchUpAsync(CancellationToken.None);
        var replay = host.Services.GetRequiredService<ReplayAsOf>();
        var catalog = host.Services.GetRequiredService<ProjectionCatalog>();

        var random = new Random(5);
        foreach (var p in Enumerable.Range(0, 10).Select(_ => (long)random.Next(41, (int)head + 1)).Append(80L).Append(head))
        {
            var fromSnapshots = await replay.AllAsync(p, CancellationToken.None);
            foreach (var runner in catalog.All)
            {
                var fromZero = await runner.Rebuild.ReplayAsync(p, CancellationToken.None);
                Assert.Equal(
                    fromZero.Cast<IReadModelRow>().OrderBy(r => r.Key, StringComparer.Ordinal).ToList(),
                    fromSnapshots[runner.Name].Rows.Cast<IReadModelRow>().ToList());
            }
        }
    }

    [Fact]
    public async Task SnapshotsAreWrittenAtEveryIntervalByTheSnapshotProjection()
    {
        await using var host = await StartAsync(TestHostOptions.Backfill(100));
        await host.GenerateHistoryAsync(commands: 200, seed: 9);
        var head = await host.Services.GetRequiredService<SnapshotBackfill>().CatchUpAsync(CancellationToken.None);

        await using var db = host.Services.GetRequiredService<BlazorEs.Infrastructure.Persistence.StoreContextFactory>().CreateContext();
        var positions = db.Set<ReadModelSnapshot>().Select(s => new { s.Projection, s.Position }).ToList();

        Assert.True(head >= 200);
        var expected = Enumerable.Range(1, (int)(head / 100)).Select(i => i * 100L).ToList();
        foreach (var name in host.Services.GetRequiredService<ProjectionCatalog>().Names)
            Assert.Equal(expected, positions.Where(s => s.Projection == name).Select(s => s.Position).Order().ToList());
    }

    private static List<T> Rows<T>(IReadOnlyDictionary<string, IProjectionMemory> state, string projection) =>
        state[projection].Rows.Cast<T>().ToList();
}

public sealed class AsOfTestsOnSqlite() : AsOfTests(DatabaseProvider.Sqlite);

public sealed class AsOfTestsOnPostgreSql() : AsOfTests(DatabaseProvider.PostgreSql);
