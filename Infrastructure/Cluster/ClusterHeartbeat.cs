using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Cluster;

/// <summary>
/// Says this instance is alive (its row in ClusterInstances) and keeps the projector's lease: the holder renews it
/// three times per timeout; the others try to take it just after the stored expiry, so a holder that died (kill -9)
/// is replaced within the timeout. Takes its first turn before later hosted services start (they wait for
/// <see cref="ProjectorLease.Ready"/>), and gives the lease up on a clean shutdown.
/// </summary>
public sealed class ClusterHeartbeat(
    ProjectorLease lease,
    StoreContextFactory factory,
    ClusterOptions options,
    ILogger<ClusterHeartbeat> logger) : IHostedService
{
    private static readonly TimeProvider Clock = TimeProvider.System; // leases are wall-clock time (see ProjectorLease)
    private readonly CancellationTokenSource _stopping = new();
    private readonly DateTime _startedAt = Clock.GetUtcNow().UtcDateTime;
    private Task? _loop;

    /// <summary>Other instances seen alive at the last beat.</summary>
    public int OthersAlive { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await BeatAsync(cancellationToken);
        await lease.HoldAsync(cancellationToken);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null) await _loop;
        try
        {
            await lease.ReleaseAsync(cancellationToken);
            await using var db = factory.CreateReadSideContext();
            await db.Set<ClusterInstance>().Where(i => i.InstanceId == options.InstanceId).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "{Instance} could not give up the projector lease; another instance takes it after the timeout", options.InstanceId);
        }
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
                await lease.HoldAsync(ct);
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

    /// <summary>The holder renews every third of the timeout; the others try again just after the stored expiry (at most that long).</summary>
    private TimeSpan NextAttempt()
    {
        if (lease.Epoch > 0 || lease.Last is not { } last) return options.RenewEvery;
        var untilExpiry = last.ExpiresAt - Clock.GetUtcNow().UtcDateTime + TimeSpan.FromMilliseconds(20);
        return untilExpiry < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50)
            : untilExpiry > options.RenewEvery ? options.RenewEvery : untilExpiry;
    }

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
