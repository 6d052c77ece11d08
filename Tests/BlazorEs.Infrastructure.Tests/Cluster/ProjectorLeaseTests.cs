using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Infrastructure.Tests.Cluster;

/// <summary>
/// Two app instances on one SQLite file: exactly one holds the projector's lease and applies events; the other serves
/// commands and read-your-writes from the stored checkpoints; a holder whose lease was taken has its commit refused;
/// when the lease lapses another instance takes it at a new epoch and reloads before it applies.
/// </summary>
public sealed class ProjectorLeaseTests
{
    private static readonly TestHostOptions ShortLease = new()
    {
        Settings = new Dictionary<string, string?> { ["Cluster:LeaseTimeout"] = "00:00:02" },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OfTwoInstancesOnOneFileOnlyTheFirstProjectsAndTheOtherReadsItsOwnWrites()
    {
        await using var first = await TestHost.StartAsync();
        await using var second = await first.StartAnotherInstanceAsync();
        Assert.True(Lease(first).IsHolder);
        Assert.False(Lease(second).IsHolder);

        await second.SendAsync(new RegisterProduct("BOLT-M8", "Hex bolt M8", 8.90m));
        var result = await second.SendAsync(new ReceiveStock("BOLT-M8", 5, "PO-1"));

        // The second instance applies nothing itself: it waits for the checkpoint the first one stores.
        Assert.True(await second.Services.GetRequiredService<ReadYourWrites>().WaitAsync(result.LastPosition, null, TimeSpan.FromSeconds(30), Ct));
        var page = await second.QueryAsync(new GetStockLevels(new Infrastructure.ReadModels.GridRequest()));
        Assert.Equal(5, page.Items.Single().OnHand);
        var status = await second.QueryAsync(new GetClusterStatus());
        Assert.Equal((Lease(first).InstanceId, Lease(first).Epoch), (status.Projector.InstanceId, status.Projector.Epoch));
        Assert.Equal(2, status.Instances.Count);
        Assert.Equal(Lease(second).InstanceId, status.InstanceId);
    }

    [Fact]
    public async Task AHolderWhoseLeaseWasTakenHasItsReadSideCommitRefused()
    {
        await using var host = await TestHost.StartAsync();
        await host.SendAsync(new RegisterProduct("BOLT-M8", "Hex bolt M8", 8.90m));
        var before = (await host.CheckpointAsync(StockLevelsProjection.ProjectionName))!.Position;
        var epoch = Lease(host).Epoch;

        // Another instance took the lease while this one did not notice (a pause longer than the timeout).
        await TakeLeaseAsync(host, "ghost", epoch + 1, TimeSpan.FromMinutes(1));
        await host.SendAsync(new ReceiveStock("BOLT-M8", 5, "PO-1"));
        await host.Projections.CatchUpAsync(null, TimeSpan.FromSeconds(5), Ct);

        Assert.Equal(before, (await host.CheckpointAsync(StockLevelsProjection.ProjectionName))!.Position);
        Assert.Equal(0, (await host.RowsAsync<StockLevel>("StockLevels")).Single().OnHand);
        Assert.False(Lease(host).IsHolder);
        await Assert.ThrowsAsync<NotTheProjectorException>(() => host.Projections[StockLevelsProjection.ProjectionName].Rebuild.RunAsync(Ct));
    }

    [Fact]
    public async Task WhenTheLeaseLapsesAnotherInstanceTakesItAtANewEpochAndAppliesWhatWasMissed()
    {
        await using var first = await TestHost.StartAsync(ShortLease);
        await using var second = await first.StartAnotherInstanceAsync(ShortLease);
        await first.SendAsync(new RegisterProduct("BOLT-M8", "Hex bolt M8", 8.90m));
        var epoch = Lease(first).Epoch;

        // The holder "dies": a ghost holds the lease for a moment and never renews it.
        await TakeLeaseAsync(first, "ghost", epoch + 1, TimeSpan.FromMilliseconds(500));
        var during = await second.SendAsync(new ReceiveStock("BOLT-M8", 5, "PO-1"));
        await first.SendAsync(new ReceiveStock("BOLT-M8", 7, "PO-2"));

        // Whichever instance takes the lapsed lease reloads its rows from the table and applies both receipts once.
        foreach (var host in new[] { first, second })
            Assert.True(await host.Services.GetRequiredService<ReadYourWrites>().WaitAsync(during.LastPosition + 1, null, TimeSpan.FromSeconds(30), Ct));
        Assert.Equal(12, (await first.RowsAsync<StockLevel>("StockLevels")).Single().OnHand);
        var holders = new[] { first, second }.Where(h => Lease(h).IsHolder).ToList();
        var holder = Assert.Single(holders);
        Assert.True(Lease(holder).Epoch >= epoch + 2);
        foreach (var runner in holder.Projections.All) Assert.Empty(await runner.Rebuild.VerifyAsync(Ct));
    }

    [Fact]
    public async Task ACleanShutdownHandsTheLeaseOverAtOnce()
    {
        await using var first = await TestHost.StartAsync();
        await using var second = await first.StartAnotherInstanceAsync();
        var epoch = Lease(first).Epoch;
        await first.StopAsync();

        await Task.WhenAny(Lease(second).Changed, Task.Delay(TimeSpan.FromSeconds(30), Ct));
        Assert.True(Lease(second).IsHolder);
        Assert.Equal(epoch + 1, Lease(second).Epoch);
    }

    private static ProjectorLease Lease(TestHost host) => host.Services.GetRequiredService<ProjectorLease>();

    private static async Task TakeLeaseAsync(TestHost host, string holder, long epoch, TimeSpan @for)
    {
        await using var db = host.Factory.CreateContext();
        var expires = DateTime.UtcNow + @for;
        await db.Set<ClusterLease>().Where(l => l.Name == ClusterLease.Projector)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.HolderId, holder).SetProperty(l => l.Epoch, epoch).SetProperty(l => l.ExpiresAt, expires), Ct);
    }
}
