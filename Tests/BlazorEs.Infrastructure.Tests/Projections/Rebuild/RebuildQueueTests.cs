using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Operations;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Infrastructure.Tests.Projections.Rebuild;

/// <summary>Rebuilds run one at a time from a queue, and each is audited when requested, started, finished or failed.</summary>
public sealed class RebuildQueueTests
{
    private const string Stock = StockLevelsProjection.ProjectionName;
    private const string Alerts = LowStockAlertsProjection.ProjectionName;

    private static async Task<(TestHost Host, GatedProjection<StockLevel> Gate)> StartAsync()
    {
        var gate = new GatedProjection<StockLevel>(new StockLevelsProjection());
        var host = await TestHost.StartAsync(services: services =>
        {
            services.Remove(services.Single(d => d.ServiceType == typeof(IProjection) && d.ImplementationInstance is StockLevelsProjection));
            services.AddSingleton<IProjection>(gate);
        });
        await host.ExecuteAsync(new RegisterProduct("A", "Anvil", 10m));
        await host.ExecuteAsync(new ReceiveStock("A", 20, "PO-1"));
        return (host, gate);
    }

    private static Task<IReadOnlyList<Infrastructure.EventStore.StoredEvent>> AuditAsync(TestHost host) =>
        host.Reader.ReadStreamAsync(OperatorStreams.Audit, ct: TestContext.Current.CancellationToken);

    [Fact]
    public async Task ASecondRebuildWaitsForTheFirstAndTheSameProjectionCannotBeQueuedTwice()
    {
        var (host, gate) = await StartAsync();
        await using var _ = host;
        gate.Close();

        var first = await host.SendAsync(new RebuildProjection(Stock, "schema changed"), "carol");
        await gate.Waiting.Task.WaitAsync(TestContext.Current.CancellationToken); // the first is replaying, held at the gate
        var second = await host.SendAsync(new RebuildProjection(Alerts, "threshold changed"), "dave");
        var again = await Assert.ThrowsAsync<DomainException>(() => host.SendAsync(new RebuildProjection(Stock, "once more"), "erin"));
        var all = await host.QueryAsync(new GetRebuildQueue());
        gate.Open();
        await host.Services.GetRequiredService<RebuildQueue>().WaitIdleAsync(TestContext.Current.CancellationToken);

        Assert.Contains("is rebuilding", first.Message);
        Assert.Contains("queued to rebuild after 1", second.Message);
        Assert.Equal(DomainErrorKind.Conflict, again.Kind);
        Assert.Contains("already running", again.Message);
        Assert.Equal([Stock, Alerts], all.Select(q => q.Target));
        var audit = (await AuditAsync(host)).Select(e => (e.Data, e.Metadata.UserId)).ToList();
        Assert.Equal(
        [
            "ProjectionRebuildRequested:StockLevels:carol", "ProjectionRebuildStarted:StockLevels:carol", "ProjectionRebuildRequested:LowStockAlerts:dave",
            "ProjectionRebuilt:StockLevels:carol", "ProjectionRebuildStarted:LowStockAlerts:dave", "ProjectionRebuilt:LowStockAlerts:dave",
        ], audit.Select(a => $"{a.Data.GetType().Name}:{Projection(a.Data)}:{a.UserId}"));
        var finished = Assert.IsType<ProjectionRebuilt>(audit[3].Data);
        Assert.Equal("schema changed", finished.Reason);
        Assert.True(finished.Events >= 2);
        Assert.Equal(new ProjectionRebuildRequested(Alerts, "threshold changed", 1), audit[2].Data);
        foreach (var runner in host.Projections.All) Assert.Empty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AFailedRebuildIsAuditedWithItsErrorAndLeavesTheLiveRowsAsTheyWere()
    {
        var poison = new PoisonedProjection<LowStockAlert>(new LowStockAlertsProjection(new ReadModelOptions())) { Poisoned = false };
        await using var host = await TestHost.StartAsync(services: services =>
        {
            services.Remove(services.Single(d => d.ServiceType == typeof(IProjection) && d.ImplementationInstance is LowStockAlertsProjection));
            services.AddSingleton<IProjection>(poison);
        });
        await host.ExecuteAsync(new RegisterProduct("A", "Anvil", 10m));
        await host.ExecuteAsync(new AdjustStock("A", 5, PoisonedProjection<LowStockAlert>.Reason));
        poison.Poisoned = true; // a release with the bug is deployed: replaying the adjustment now throws

        await host.SendAsync(new RebuildProjection(Alerts, "new release"), "carol");
        await host.Services.GetRequiredService<RebuildQueue>().WaitIdleAsync(TestContext.Current.CancellationToken);

        var audit = await AuditAsync(host);
        var failed = Assert.IsType<ProjectionRebuildFailed>(audit[^1].Data);
        Assert.Equal((Alerts, "new release"), (failed.Projection, failed.Reason));
        Assert.Contains("cannot be handled", failed.Error);
        Assert.Equal("carol", audit[^1].Metadata.UserId);
        poison.Poisoned = false;
        Assert.Empty(await host.Projections[Alerts].Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RecentOperatorActionsListNewestFirstWithWhoWhyAndWhat()
    {
        var (host, _) = await StartAsync();
        await using var __ = host;
        await host.SendAsync(new RebuildAllProjections("nightly check"), "carol");
        await host.Services.GetRequiredService<RebuildQueue>().WaitIdleAsync(TestContext.Current.CancellationToken);

        var onStock = await host.QueryAsync(new GetOperatorActions(Stock, 10));

        Assert.Equal(["rebuild finished", "rebuild started", "rebuild requested"], onStock.Select(a => a.Action));
        Assert.Equal(OperatorAudit.AllProjections, onStock[^1].Projection);
        Assert.All(onStock, a => Assert.Equal(("carol", "nightly check"), (a.User, a.Reason)));
    }

    private static string Projection(object e) => e switch
    {
        ProjectionRebuildRequested x => x.Projection,
        ProjectionRebuildStarted x => x.Projection,
        ProjectionRebuilt x => x.Projection,
        ProjectionRebuildFailed x => x.Projection,
        _ => "?",
    };
}
