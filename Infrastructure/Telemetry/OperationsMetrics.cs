using System.Diagnostics.Metrics;
using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Infrastructure.Telemetry;

/// <summary>
/// Gauges of what an operator watches: each projection's lag (events and seconds) and whether it is parked, from the
/// last readiness run (the console's health state refreshes it every Health:PollInterval, /health/ready on each call),
/// and the live connections (circuits and hub clients) counted as they come and go.
/// </summary>
public static class OperationsMetrics
{
    public const string MeterName = "BlazorEs.Operations";

    private static readonly Meter Meter = new(MeterName);
    private static IReadOnlyList<ProjectionStatus> _statuses = [];

    private static readonly UpDownCounter<long> LiveConnections = Meter.CreateUpDownCounter<long>(
        "blazores.live.connections", "{connection}", "Open live connections: Blazor circuits (kind=circuit) and LiveHub clients (kind=hub).");

    static OperationsMetrics()
    {
        Meter.CreateObservableGauge("blazores.projection.lag.events", () => _statuses.Select(s => Measure(s.LagEvents, s)), "{event}", "Events committed that the projection has not applied yet.");
        Meter.CreateObservableGauge("blazores.projection.lag.seconds", () => _statuses.Select(s => new Measurement<double>(s.LagSeconds, Tag(s))), "s", "Age of the oldest event the projection has not applied.");
        Meter.CreateObservableGauge("blazores.projection.parked", () => _statuses.Select(s => Measure(s.State == ProjectionState.Parked ? 1 : 0, s)), "{projection}", "1 while the projection is parked on a failing event.");
    }

    internal static void Observed(IReadOnlyList<ProjectionStatus> statuses) => _statuses = statuses;

    public static void ConnectionOpened(string kind) => LiveConnections.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void ConnectionClosed(string kind) => LiveConnections.Add(-1, new KeyValuePair<string, object?>("kind", kind));

    private static Measurement<long> Measure(long value, ProjectionStatus s) => new(value, Tag(s));

    private static KeyValuePair<string, object?> Tag(ProjectionStatus s) => new("projection", s.Name);
}
