using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// Runs the same catch-up at start-up (each projection reports Live once caught up), then on a periodic poll for
/// commits no notification announced (another instance, a lost notification, a failure earlier).
/// </summary>
public sealed class ProjectionHost(ProjectionCatalog projections, ProjectionOptions options, ILogger<ProjectionHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval);
        do
        {
            try
            {
                await projections.CatchUpAsync(position: null, Timeout.InfiniteTimeSpan, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Projection catch-up failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
