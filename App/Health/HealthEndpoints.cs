using System.Text.Json;
using BlazorEs.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorEs.App.Health;

/// <summary>
/// /health/live: the process answers (no check runs). /health/ready and /health: the one readiness state
/// (<see cref="Readiness"/>, at most a second old: the same the app bar and the Projections screen show), 503 when
/// any check is Unhealthy. Both answer JSON naming each check. Anonymous: probes and load balancers call them.
/// </summary>
internal static class HealthEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("").WithTags("Health").AllowAnonymous();
        health.MapGet("/health/live", (HttpContext http) => Answer(http, new HealthView(nameof(HealthStatus.Healthy), 0, [])))
            .WithName("Live").WithSummary("The process answers.").WithDescription("No check runs: a process that answers is alive.")
            .Produces<HealthView>();
        health.MapGet("/health/ready", ReadyAsync)
            .WithName("Ready").WithSummary("Ready to serve, each check named.")
            .WithDescription("The database answers, migrations are applied, no projection is parked or further behind than Health:MaxLagSeconds, "
                             + "and the hash chain is not broken (Degraded, still 200). 503 with the same body, naming the failing checks, when any is Unhealthy. "
                             + "At most a second old: the state the console's app bar and Projections screen show.")
            .Produces<HealthView>().Produces<HealthView>(StatusCodes.Status503ServiceUnavailable);
        health.MapGet("/health", ReadyAsync)
            .WithName("Health").WithSummary("The same as /health/ready.")
            .Produces<HealthView>().Produces<HealthView>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> ReadyAsync(HttpContext http, Readiness readiness, CancellationToken ct) =>
        Answer(http, HealthView.From(await readiness.CheckAsync(ct)));

    private static IResult Answer(HttpContext http, HealthView view)
    {
        http.Response.Headers.CacheControl = "no-store";
        var status = view.Status == nameof(HealthStatus.Unhealthy) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        return Results.Json(view, Json, "application/json; charset=utf-8", status);
    }
}

/// <summary>What /health/* answer: the overall state and each check by name.</summary>
public sealed record HealthView(string Status, double DurationMs, IReadOnlyList<HealthCheckView> Checks)
{
    public bool IsHealthy => Status == nameof(HealthStatus.Healthy);

    public static HealthView From(ReadinessReport report) => new(
        report.Status.ToString(),
        Math.Round(report.Duration.TotalMilliseconds, 1),
        [.. report.Checks.Select(c => new HealthCheckView(c.Name, c.Status.ToString(), c.Description, Math.Round(c.Duration.TotalMilliseconds, 1), c.Data))]);
}

public sealed record HealthCheckView(string Name, string Status, string? Description, double DurationMs, IReadOnlyDictionary<string, string?>? Data);
