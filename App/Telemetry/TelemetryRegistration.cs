using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Settings;
using BlazorEs.Infrastructure.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BlazorEs.App.Telemetry;

/// <summary>
/// OpenTelemetry: traces from ASP.NET Core and the app's own source (<see cref="Tracing"/>), metrics from the app's
/// meters, ASP.NET Core, EF Core and the runtime. Exported with OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the
/// standard OTEL_* variables configure it), and scraped by Prometheus at Metrics:Path (/metrics).
/// </summary>
internal static class TelemetryRegistration
{
    public static void AddTelemetry(this IHostApplicationBuilder builder)
    {
        var metrics = builder.AddValidatedOptions<MetricsOptions>("Metrics", o => o.Validate());
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("BlazorEs", serviceVersion: ClusterOptions.Version))
            .WithTracing(t => t
                .AddSource(Tracing.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !IsQuiet(c.Request.Path)))
            .WithMetrics(m =>
            {
                m.AddMeter([.. Tracing.MeterNames, "Microsoft.EntityFrameworkCore"])
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation();
                if (metrics.Enabled) m.AddPrometheusExporter();
            });
        if (otlp) telemetry.UseOtlpExporter();
    }

    public static void MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<MetricsOptions>();
        // Scrapers do not sign in; the figures name no user (the user is a log scope, never a metric label).
        if (options.Enabled) app.MapPrometheusScrapingEndpoint(options.Path).AllowAnonymous();
    }

    /// <summary>Probes, scrapes and static files would drown the traces of what users do.</summary>
    private static bool IsQuiet(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/_framework")
        || path.StartsWithSegments("/_content") || path.StartsWithSegments("/_blazor");
}
