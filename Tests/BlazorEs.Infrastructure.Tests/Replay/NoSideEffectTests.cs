using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Replay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Replay;

/// <summary>Physics 8: replaying never pushes a live notification and never touches the live tables.</summary>
public sealed class NoSideEffectTests
{
    [Fact]
    public async Task ReplayingDiffingAndPreviewingChangeNoLiveTableAndRaiseNoNotification()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Backfill(30));
        await host.GenerateHistoryAsync(commands: 80, seed: 21);
        await host.SendAsync(new ReceiveStock(TestHostReadSide.FirstSku, 5, "last"), new BlazorEs.Infrastructure.Commands.CommandOptions(CorrelationId: "corr-last"));
        var catalog = host.Services.GetRequiredService<ProjectionCatalog>();
        foreach (var runner in catalog.All) await runner.Live.CatchUpAsync(CancellationToken.None);
        await host.Services.GetRequiredService<SnapshotBackfill>().CatchUpAsync(CancellationToken.None);

        var feed = host.Services.GetRequiredService<ReadModelChangeFeed>();
        var notifications = 0;
        feed.Changed += _ => Interlocked.Increment(ref notifications);
        var before = await LiveStateAsync(host);
        var head = host.Services.GetRequiredService<StoreHead>().Position;

        var replay = host.Services.GetRequiredService<ReplayAsOf>();
        foreach (var p in new long[] { 1, 17, 45, 90, before.Head })
            await replay.AllAsync(p, CancellationToken.None);
        await host.SendAsync(m => m.Send(new BlazorEs.Infrastructure.Compensation.PreviewCompensation("corr-last")));
        var from = await replay.ResolveAsync(10, null, CancellationToken.None);
        var to = await replay.NowAsync(CancellationToken.None);
        ReplayDiff.Between(from, to, await replay.AllAsync(10, CancellationToken.None), await replay.AllAsync(to.Position, CancellationToken.None));

        Assert.Equal(0, notifications);
        Assert.Equal(head, host.Services.GetRequiredService<StoreHead>().Position);
        Assert.Equal(before, await LiveStateAsync(host));
    }

    private sealed record LiveState(long Head, string Checkpoints, string StockLevels, int OrderRows, int FigureRows);

    private static async Task<LiveState> LiveStateAsync(TestHost host)
    {
        await using var db = host.Services.GetRequiredService<StoreContextFactory>().CreateContext();
        var head = await db.Events.MaxAsync(e => e.Position);
        var checkpoints = string.Join(";", (await db.Set<ProjectionCheckpoint>().AsNoTracking().OrderBy(c => c.Name).ToListAsync()).Select(c => $"{c.Name}={c.Position}"));
        var stock = string.Join(";", (await db.Set<StockLevel>("StockLevels").AsNoTracking().OrderBy(s => s.Sku).ToListAsync()).Select(s => s.ToString()));
        var orders = await db.Set<BlazorEs.Infrastructure.ReadModels.OrderSummaries.OrderSummary>("OrderSummaries").CountAsync();
        var figures = await db.Set<BlazorEs.Infrastructure.ReadModels.Dashboard.DashboardFigure>("DashboardFigures").CountAsync();
        return new LiveState(head, checkpoints, stock, orders, figures);
    }
}
