using System.Globalization;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Export;

namespace BlazorEs.App.Api;

/// <summary>GET /api/export/events: the events the timeline's filters match, streamed as JSON lines or CSV with a signed manifest.</summary>
internal static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/export/events", Export).WithName("ExportEvents");
        app.MapGet("/api/export/events/count", async (HttpRequest request, EventTypeMap types, EventExporter exporter, CancellationToken ct) =>
        {
            var (export, problem) = Read(request, types);
            return export is null ? problem! : Results.Ok(new { count = await exporter.CountAsync(export, ct) });
        }).WithName("CountExportEvents");
        return app;
    }

    private static IResult Export(HttpRequest request, EventTypeMap types, EventExporter exporter, ICurrentUser user)
    {
        var (export, problem) = Read(request, types);
        if (export is null) return problem!;
        var extension = export.Format == ExportFormat.Csv ? "csv" : "jsonl";
        var contentType = export.Format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        var name = $"blazores-events_{FileNamePart(export)}_{DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.{extension}";
        var who = user.Name;
        // The request's own token: a client that goes away stops the export (and nothing is recorded as exported).
        return Results.Stream(stream => exporter.ExportAsync(export, who, stream, request.HttpContext.RequestAborted), contentType, name);
    }

    /// <summary>The timeline's filters (as GET /api/events reads them), a position range and the format; a problem for anything wrong.</summary>
    private static (ExportRequest? Request, IResult? Problem) Read(HttpRequest request, EventTypeMap types)
    {
        var q = new QueryReader(request.Query);
        var formatText = q.String("format", 10) ?? "jsonl";
        ExportFormat? format = formatText.ToLowerInvariant() switch { "jsonl" => ExportFormat.Jsonl, "csv" => ExportFormat.Csv, _ => null };
        if (format is null) q.Errors["format"] = [$"Unknown format '{formatText}'; expected jsonl or csv."];
        var after = q.Long("after");
        var before = q.Long("before");
        if (after is not null && before is not null && before <= after) q.Errors["before"] = ["before must be above after."];
        var from = q.Time("from");
        var to = q.Time("to");
        if (from > to) q.Errors["to"] = ["to must not be before from."];
        var type = q.String("type", 100);
        if (type is not null && !types.IsKnown(type))
            q.Errors["type"] = [$"Unknown event type '{type}'. Types: {string.Join(", ", types.Names)}."];
        var filter = new EventFilter(q.String("stream", 200), type, q.String("user", 100), q.String("correlationId", 64), from, to);
        if (q.Errors.Count > 0) return (null, ApiProblems.Validation(q.Errors));
        return (new ExportRequest(format!.Value, filter == EventFilter.None ? EventFilter.None : filter, after, before), null);
    }

    private static string FileNamePart(ExportRequest export)
    {
        var filters = export.Filters();
        if (filters.Count == 0) return "all";
        var text = string.Join("_", filters.Select(f => $"{f.Key}-{f.Value}"));
        var safe = new string([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);
        return safe.Length > 120 ? safe[..120] : safe;
    }
}
