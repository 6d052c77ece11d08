using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorEs.Infrastructure.Health;

/// <summary>One run of the readiness checks: the overall state, when it was taken, and each check by name (in name order).</summary>
public sealed record ReadinessReport(HealthStatus Status, DateTime CheckedAt, TimeSpan Duration, IReadOnlyList<ReadinessCheck> Checks)
{
    /// <summary>The checks that are not Healthy (Unhealthy first): what the app bar's tooltip names.</summary>
    public IReadOnlyList<ReadinessCheck> Failing => [.. Checks.Where(c => c.Status != HealthStatus.Healthy).OrderBy(c => c.Status)];

    public static ReadinessReport From(HealthReport report, DateTime checkedAt) => new(
        report.Status,
        checkedAt,
        report.TotalDuration,
        [.. report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new ReadinessCheck(
            e.Key,
            e.Value.Status,
            e.Value.Description,
            e.Value.Duration,
            e.Value.Data.Count == 0 ? null : e.Value.Data.ToDictionary(d => d.Key, d => d.Value?.ToString())))]);
}

/// <summary>One readiness check's answer: Healthy, Degraded (integrity broken: serving on, for an operator) or Unhealthy.</summary>
public sealed record ReadinessCheck(string Name, HealthStatus Status, string? Description, TimeSpan Duration, IReadOnlyDictionary<string, string?>? Data);
