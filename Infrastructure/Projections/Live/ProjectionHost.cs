using BlazorEs.Infrastructure.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// On the projector (the lease's holder): runs the same catch-up at start-up (each projection reports Live once caught
/// up), then on a periodic poll for commits no notification announced (another instance, a lost notification, a
/// failure earlier); with other instances alive, or woken by the cross-instance channel, it looks sooner. On every
/// other instance: follows the stored checkpoints instead (read-your-writes and live changes there). Switches at once
/// when the lease changes hands.
/// </summary>
public sealed class ProjectionHost(
    ProjectionCatalog projections,
    ProjectionOptions options,
    ClusterOptions cluster,
    ClusterWake wake,
    ClusterHeartbeat heartbeat,
    ILogger<ProjectionHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (projections.Lease is { } lease) await lease.Ready.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = projections.Lease?.Changed ?? Task.Delay(Timeout.Infinite, stoppingToken);
            var woken = wake.Next;
            var projecting = projections.Projects;
            try
            {
                if (projecting) await projections.CatchUpAsync(position: null, Timeout.InfiniteTimeSpan, stoppingToken);
                else await projections.FollowAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, projecting ? "Projection catch-up failed" : "Following the stored checkpoints failed");
            }
            var wait = !projecting || heartbeat.OthersAlive > 0 ? Min(cluster.FollowInterval, options.PollInterval) : options.PollInterval;
            await Task.WhenAny(Task.Delay(wait, stoppingToken), changed, woken);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
