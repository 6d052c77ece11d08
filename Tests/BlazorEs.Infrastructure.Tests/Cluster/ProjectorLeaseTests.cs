using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BlazorEs.Infrastructure.Tests.Cluster;

/// <summary>
/// Two app instances on one database (a SQLite file, a PostgreSQL database): exactly one holds the projector's lease and applies events; the other serves
/// commands and read-your-writes from the stored checkpoints; a holder whose lease was taken has its commit refused;
/// when the lease lapses another instance takes it at a new epoch and reloads before it applies; a graceful stop gives
/// the lease up before anything else stops, and a database that does not answer cannot hold that stop.
/// </summary>
public abstract class ProjectorLeaseTests(DatabaseProvider provider) : BothProviders(provider)
{
    private static readonly TestHostOptions ShortLease = new()
    {
        Settings = new Dictionary<string, string?> { ["Cluster:LeaseTimeout"] = "00:00:02" },
    };

    // Ten minutes: any take-over a test sees within its run was a hand-over, not an expiry.
    private static readonly TestHostOptions LongLease = new()
    {
        Settings = new Dictionary<string, string?> { ["Cluster:LeaseTimeout"] = "00:10:00", ["Cluster:ReleaseTimeout"] = "00:00:01" },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OfTwoInstancesOnOneFileOnlyTheFirstProjectsAndTheOtherReadsItsOwnWrites()
    {
        await using var first = await StartAsync();
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
        await using var host = await StartAsync();
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
        await using var first = await StartAsync(ShortLease);
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
    public async Task AGracefulStopGivesTheLeaseUpFirstAndTheOtherTakesItLongBeforeItWouldHaveLapsed()
    {
        var stopSaw = new StopWatcher();
        await using var first = await StartAsync(LongLease with { Services = s => s.AddHostedService(sp => stopSaw.On(sp)) });
        await using var second = await first.StartAnotherInstanceAsync(LongLease);
        var epoch = Lease(first).Epoch;
        var held = await StoredLeaseAsync(first);
        Assert.Equal(Lease(first).InstanceId, held.HolderId);

        await first.StopAsync();

        // Before any other service of the stopping instance was asked to stop (Kestrel's drain, in the app), the lease
        // was already given up: this instance had dropped its epoch and the row no longer ran to the old expiry.
        var atStop = await stopSaw.Seen.Task;
        Assert.Equal(0, atStop.Epoch);
        Assert.True(atStop.Stored.HolderId != held.HolderId || atStop.Stored.ExpiresAt < held.ExpiresAt);
        await HolderAsync(second);
        var taken = await StoredLeaseAsync(second);
        Assert.Equal((Lease(second).InstanceId, epoch + 1), (taken.HolderId, taken.Epoch));
        Assert.True(taken.AcquiredAt < held.ExpiresAt, "the other instance took the lease before the stopped holder's would have lapsed");
    }

    [Fact]
    public async Task AStopWhileTheDatabaseWithholdsTheLeaseRowEndsAndLeavesTheLeaseToLapse()
    {
        await using var first = await StartAsync(LongLease);
        var held = await StoredLeaseAsync(first);
        await using var blocker = first.RawConnection();
        await blocker.OpenAsync(Ct);
        await using (var lockRow = blocker.CreateCommand())
        {
            // PostgreSQL: a row lock no update gets past (it would wait forever); SQLite: the whole file, up to its busy timeout.
            lockRow.CommandText = OnPostgreSql ? "BEGIN; SELECT 1 FROM clusterleases FOR UPDATE;" : "BEGIN EXCLUSIVE;";
            await lockRow.ExecuteNonQueryAsync(Ct);
        }

        var heartbeat = first.Services.GetRequiredService<ClusterHeartbeat>();
        await heartbeat.StoppingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1), Ct);

        Assert.False(Lease(first).IsHolder); // it stopped projecting although the database never heard of it
        await using (var unlock = blocker.CreateCommand())
        {
            unlock.CommandText = "ROLLBACK;";
            await unlock.ExecuteNonQueryAsync(Ct);
        }
        var after = await StoredLeaseAsync(first);
        Assert.Equal((held.HolderId, held.Epoch), (after.HolderId, after.Epoch));
    }

    /// <summary>Until <paramref name="host"/> holds the lease (the test's own cap is far under the long lease).</summary>
    private static async Task HolderAsync(TestHost host)
    {
        using var cap = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cap.CancelAfter(TimeSpan.FromMinutes(1));
        while (!Lease(host).IsHolder) await Lease(host).Changed.WaitAsync(cap.Token);
    }

    private static async Task<ClusterLease> StoredLeaseAsync(TestHost host)
    {
        await using var db = host.Factory.CreateContext();
        return await db.Set<ClusterLease>().AsNoTracking().SingleAsync(l => l.Name == ClusterLease.Projector, Ct);
    }

    /// <summary>A hosted service registered after the infrastructure: what the lease looked like when it was asked to stop.</summary>
    private sealed class StopWatcher
    {
        public TaskCompletionSource<(long Epoch, ClusterLease Stored)> Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Watcher On(IServiceProvider services) => new(this, services);

        public sealed class Watcher(StopWatcher owner, IServiceProvider services) : IHostedService
        {
            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public async Task StopAsync(CancellationToken cancellationToken)
            {
                var epoch = services.GetRequiredService<ProjectorLease>().Epoch;
                await using var db = services.GetRequiredService<StoreContextFactory>().CreateContext();
                var stored = await db.Set<ClusterLease>().AsNoTracking().SingleAsync(l => l.Name == ClusterLease.Projector, cancellationToken);
                owner.Seen.TrySetResult((epoch, stored));
            }
        }
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

public sealed class ProjectorLeaseTestsOnSqlite() : ProjectorLeaseTests(DatabaseProvider.Sqlite);

public sealed class ProjectorLeaseTestsOnPostgreSql() : ProjectorLeaseTests(DatabaseProvider.PostgreSql);
