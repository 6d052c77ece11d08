using System.Diagnostics;

namespace BlazorEs.Infrastructure.Telemetry;

/// <summary>
/// The app's one ActivitySource and the names of its meters, for whoever exports them (App/Telemetry). A command's
/// trace: HTTP request or circuit → "command {Name}" (the pipeline) → "group commit" (the writer's batch: its parent
/// is the first command in it, every command in it is a link) → "projection round" → "live push" (parent: the first
/// commit it carries, links: the others). Every span of a command is tagged with its correlation id.
/// </summary>
public static class Tracing
{
    public const string SourceName = "BlazorEs";
    public const string CorrelationTag = "blazores.correlation_id";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The app's meters: BlazorEs.EventStore, .Projections, .Commands and .Operations (lag, parked, live connections).</summary>
    public static IReadOnlyList<string> MeterNames { get; } = ["BlazorEs.EventStore", "BlazorEs.Projections", "BlazorEs.Commands", OperationsMetrics.MeterName];

    /// <summary>A span serving several callers: a child of the first, linked to all of them (none when nobody listens).</summary>
    public static Activity? StartServing(string name, IReadOnlyList<ActivityContext> callers)
    {
        if (!Source.HasListeners()) return null;
        var known = callers.Where(c => c != default).Distinct().ToList();
        if (known.Count == 0) return Source.StartActivity(name);
        var links = known.Select(c => new ActivityLink(c)).ToList();
        return Source.StartActivity(name, ActivityKind.Internal, known[0], links: links);
    }
}
