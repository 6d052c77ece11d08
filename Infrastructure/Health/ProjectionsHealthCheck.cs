using System.Globalization;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorEs.Infrastructure.Health;

/// <summary>No projection is parked, and none is further behind the log than Health:MaxLagSeconds.</summary>
internal sealed class ProjectionsHealthCheck(ProjectionCatalog projections, HealthOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var statuses = await Task.WhenAll(projections.All.Select(p => p.StatusAsync(cancellationToken)));
            OperationsMetrics.Observed(statuses);
            var data = statuses.ToDictionary(s => s.Name, s => (object)Describe(s));
            var parked = statuses.Where(s => s.State == ProjectionState.Parked).ToList();
            if (parked.Count > 0)
                return HealthCheckResult.Unhealthy(
                    string.Join(" ", parked.Select(p => $"{p.Name} is parked at position {p.ParkedAt}: {p.LastError}")), data: data);
            var behind = statuses.Where(s => s.LagSeconds > options.MaxLagSeconds).ToList();
            if (behind.Count > 0)
                return HealthCheckResult.Unhealthy(
                    string.Join(" ", behind.Select(b => $"{b.Name} is {b.LagSeconds.ToString(CultureInfo.InvariantCulture)} s ({b.LagEvents} events) behind, over Health:MaxLagSeconds={options.MaxLagSeconds.ToString(CultureInfo.InvariantCulture)}.")),
                    data: data);
            return HealthCheckResult.Healthy($"{statuses.Length} projections, none parked, none over {options.MaxLagSeconds.ToString(CultureInfo.InvariantCulture)} s behind.", data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The projections' state could not be read: {ex.Message}");
        }
    }

    private static string Describe(ProjectionStatus s) =>
        s.State == ProjectionState.Parked ? $"Parked at {s.ParkedAt}" : $"{s.State}, {s.LagEvents} events / {s.LagSeconds.ToString(CultureInfo.InvariantCulture)} s behind";
}
