using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Cluster;

/// <summary>
/// Says this instance is alive (its row in ClusterInstances) and keeps the projector's lease: the holder renews it
/// three times per timeout; the others read the lease row every <see cref="ClusterOptions.FollowInterval"/> and take
/// it as soon as it has lapsed (a holder that died, kill -9: within the timeout) or was given up (a clean stop: at
/// their next look). Takes its first turn before later hosted services start (they wait for
/// <see cref="ProjectorLease.Ready"/>), and gives the lease up when the host starts stopping — before the web server
/// drains its connections, which may take far longer than the lease — within <see cref="ClusterOptions.ReleaseTimeout"/>.
/// </summary>
public sealed class ClusterHeartbeat(
    ProjectorLease lease,
    StoreContextFactory factory,
    ClusterOptions options,
    ILogger<ClusterHeartbeat> logger) : IHostedLifecycleService
{
    private static readonly TimeProvider Clock = TimeProvider.System; // leases are wall-clock time (see ProjectorLease)
    private readonly CancellationTokenSource _stopping = new();
    private readonly DateTime _startedAt = Clock.GetUtcNow().UtcDateTime;
    private Task? _loop;
    private readonly Lock _leave = new();
    private Task? _leaving;

    /// <summary>Other instances seen alive at the last beat.</summary>
    public int OthersAlive { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await BeatAsync(cancellationToken);
        await lease.HoldAsync(cancellationToken);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>First of the stop: the lease goes before the other services (Kestrel's drain above all) stop.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken) => LeaveAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => LeaveAsync(cancellationToken);

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Task LeaveAsync(CancellationToken cancellationToken)
    {
        lock (_leave) return _leaving ??= LeaveOnceAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the loop (so it cannot take the lease again), then gives up the lease and the instance row, bounded: what
    /// the database has not done within <see cref="ClusterOptions.ReleaseTimeout"/> is left to the lease's expiry.
    /// The epoch is dropped before anything is sent, so from here on this instance's read-side commits are refused.
    /// </summary>
    private async Task LeaveOnceAsync(CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(options.ReleaseTimeout);
        await _stopping.CancelAsync();
        try
        {
            // WaitAsync as well as the token: a driver that does not honour cancellation still cannot hold the stop.
            if (_loop is not null) await _loop.WaitAsync(bound.Token);
            await lease.ReleaseAsync(bound.Token).WaitAsync(bound.Token);
            await LeaveInstancesAsync(bound.Token).WaitAsync(bound.Token);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            logger.LogWarning("{Instance} could not give up the projector lease within {Timeout}; another instance takes it when it lapses", options.InstanceId, options.ReleaseTimeout);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "{Instance} could not give up the projector lease; another instance takes it when it lapses", options.InstanceId);
        }
    }

    private async Task LeaveInstancesAsync(CancellationToken ct)
    {
        await using var db = factory.CreateReadSideContext();
        await db.Set<ClusterInstance>().Where(i => i.InstanceId == options.InstanceId).ExecuteDeleteAsync(ct);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var nextBeat = Clock.GetUtcNow().UtcDateTime + options.RenewEvery;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(NextAttempt(), Clock, ct);
                lease.Tick();
                if (Clock.GetUtcNow().UtcDateTime >= nextBeat)
                {
                    await BeatAsync(ct);
                    nextBeat = Clock.GetUtcNow().UtcDateTime + options.RenewEvery;
                }
                // The holder renews; the others write only when the row says the lease is free (a read otherwise).
                if (lease.Epoch > 0 || (options.Projector && await lease.PeekAsync(ct))) await lease.HoldAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "{Instance}'s cluster heartbeat failed; trying again", options.InstanceId);
            }
        }
    }

    /// <summary>The holder renews every third of the timeout; the others look at the row every follow interval.</summary>
    private TimeSpan NextAttempt() =>
        lease.Epoch > 0 || !options.Projector || options.FollowInterval > options.RenewEvery ? options.RenewEvery : options.FollowInterval;

    private async Task BeatAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateReadSideContext();
        var instances = db.Set<ClusterInstance>();
        if (await instances.Where(i => i.InstanceId == options.InstanceId).ExecuteUpdateAsync(s => s.SetProperty(i => i.LastSeenAt, now), ct) == 0)
        {
            instances.Add(new ClusterInstance { InstanceId = options.InstanceId, Version = ClusterOptions.Version, StartedAt = _startedAt, LastSeenAt = now });
            await db.SaveChangesAsync(ct);
        }
        var since = now - options.InstanceGone;
        OthersAlive = await instances.CountAsync(i => i.InstanceId != options.InstanceId && i.LastSeenAt > since, ct);
    }
}
