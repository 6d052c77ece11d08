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
                    string.Join(" ", parked.Select(p => $"{p.Name} is parked at position {p.ParkedAt}: {Headline(p.LastError)}")), data: data);
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

    /// <summary>
    /// The error's message alone: /health/ready is anonymous and the app bar's tooltip is one line, so the stack (and its
    /// file paths) stays on the Projections screen's card, where an operator sees it.
    /// </summary>
    internal static string Headline(string? error)
    {
        if (string.IsNullOrWhiteSpace(error)) return "(no error recorded)";
        var line = error.Split('\n', 2)[0].Trim();
        var inner = line.IndexOf(" ---> ", StringComparison.Ordinal);
        if (inner > 0) line = line[..inner];
        // "Namespace.TypeName: message" -> "message"
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && line[..colon] is var type && !type.Contains(' ') && type.Contains('.') ? line[(colon + 2)..] : line;
    }

    private static string Describe(ProjectionStatus s) =>
        s.State == ProjectionState.Parked ? $"Parked at {s.ParkedAt}" : $"{s.State}, {s.LagEvents} events / {s.LagSeconds.ToString(CultureInfo.InvariantCulture)} s behind";
}
