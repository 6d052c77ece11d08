using BlazorEs.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorEs.App.Health;

/// <summary>How the console words the readiness state: one sentence for the app bar, a word per state for the panel.</summary>
public static class ReadinessText
{
    private const int DetailLength = 140;

    /// <summary>"Ready — every check passes: …", or "Not ready: projections — DashboardFigures is parked at position 7: …", naming each failing check.</summary>
    public static string Summary(ReadinessReport? report)
    {
        if (report is null) return "Checking readiness…";
        if (report.Status == HealthStatus.Healthy)
            return $"Ready — every check passes: {string.Join(", ", report.Checks.Select(c => c.Name))}";
        var failing = string.Join("; ", report.Failing.Select(c => $"{c.Name} — {Short(c.Description)}"));
        return (report.Status == HealthStatus.Unhealthy ? "Not ready: " : "Degraded: ") + failing;
    }

    /// <summary>The word a state is shown with.</summary>
    public static string Word(HealthStatus? status) => status switch
    {
        HealthStatus.Healthy => "Ready",
        HealthStatus.Degraded => "Degraded",
        HealthStatus.Unhealthy => "Not ready",
        _ => "Checking",
    };

    /// <summary>The state as a data attribute (tests and scripts read it): healthy, degraded, unhealthy or checking.</summary>
    public static string Attribute(HealthStatus? status) => status?.ToString().ToLowerInvariant() ?? "checking";

    private static string Short(string? description) =>
        description is null ? "failing" : description.Length <= DetailLength ? description : description[..(DetailLength - 1)] + "…";
}
