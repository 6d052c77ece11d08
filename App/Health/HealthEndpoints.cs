using System.Text.Json;
using BlazorEs.Infrastructure.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorEs.App.Health;

/// <summary>
/// /health/live: the process answers (no check runs). /health/ready and /health: every check tagged
/// <see cref="HealthTags.Ready"/>, 503 when any is red. Both answer JSON naming each check. Anonymous: probes and
/// load balancers call them.
/// </summary>
internal static class HealthEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithTags("Health").WithSummary("The process answers.").AllowAnonymous();
        var ready = new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready), ResponseWriter = WriteAsync };
        app.MapHealthChecks("/health/ready", ready)
            .WithTags("Health").WithSummary("Ready to serve: the database answers, migrations are applied, no projection is parked or too far behind.")
            .AllowAnonymous();
        app.MapHealthChecks("/health", ready).WithTags("Health").WithSummary("The same as /health/ready.").AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(HealthView.From(report), Json));
    }
}

/// <summary>What /health/* answer, and what the console shows: the overall state and each check by name.</summary>
public sealed record HealthView(string Status, double DurationMs, IReadOnlyList<HealthCheckView> Checks)
{
    public bool IsHealthy => Status == nameof(HealthStatus.Healthy);

    public static HealthView From(HealthReport report) => new(
        report.Status.ToString(),
        Math.Round(report.TotalDuration.TotalMilliseconds, 1),
        report.Entries.Select(e => new HealthCheckView(
            e.Key,
            e.Value.Status.ToString(),
            e.Value.Description,
            Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            e.Value.Data.Count == 0 ? null : e.Value.Data.ToDictionary(d => d.Key, d => d.Value?.ToString()))).ToList());
}

public sealed record HealthCheckView(string Name, string Status, string? Description, double DurationMs, IReadOnlyDictionary<string, string?>? Data);
