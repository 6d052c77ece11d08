using System.Globalization;
using BlazorEs.App.Auth;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Limits;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Export;

namespace BlazorEs.App.Api;

/// <summary>GET /api/export/events: the events the timeline's filters match, streamed as JSON lines or CSV with a signed manifest.</summary>
internal static class ExportEndpoints
{
    /// <summary>GET /api/export/events/count as answered.</summary>
    internal sealed record ExportCount(long Count);

    /// <summary>The console's download link: the same export on the cookie the console signs in with (the API takes bearer tokens only).</summary>
    public const string ConsolePath = "/export/events";

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/export/events", Export).WithName("ExportEvents")
            .WithSummary("Evidence export of the events the timeline's filters match.")
            .WithDescription("Streamed as JSON lines (?format=jsonl, the default) or CSV (?format=csv), each event with its hashes, and a signed manifest as the last record; ?after and ?before bound the positions.")
            .RequireAuthorization(ConsolePolicies.Audit)
            .Produces<Stream>(StatusCodes.Status200OK, "application/x-ndjson", "text/csv");
        app.MapGet("/api/export/events/count", async (HttpRequest request, EventTypeMap types, EventExporter exporter, CancellationToken ct) =>
        {
            var (export, problem) = Read(request, types);
            return export is null ? problem! : Results.Ok(new ExportCount(await exporter.CountAsync(export, ct)));
        }).WithName("CountExportEvents").WithSummary("How many events an export with these filters holds.").RequireAuthorization(ConsolePolicies.Audit)
            .Produces<ExportCount>();
        return app;
    }

    /// <summary>The console's download (Timeline's "Export…"): outside /api, so the console's cookie signs it in; not in the API document.</summary>
    public static IEndpointRouteBuilder MapConsoleExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(ConsolePath, Export).ExcludeFromDescription().RequireAuthorization(ConsolePolicies.Audit);
        return app;
    }

    private static async Task<IResult> Export(HttpRequest request, EventTypeMap types, EventExporter exporter, ICurrentUser user, WorkGates gates)
    {
        var (export, problem) = Read(request, types);
        if (export is null) return problem!;
        IDisposable slot;
        try
        {
            slot = await gates.EnterAsync(WorkKind.Export, request.HttpContext.RequestAborted);
        }
        catch (ServerBusyException ex)
        {
            return ApiProblems.From(ex);
        }
        var extension = export.Format == ExportFormat.Csv ? "csv" : "jsonl";
        var contentType = export.Format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        var name = $"blazores-events_{FileNamePart(export)}_{DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.{extension}";
        var who = user.Name ?? "unknown"; // the policy admits signed-in users only
        // The request's own token: a client that goes away stops the export (and nothing is recorded as exported).
        return Results.Stream(async stream =>
        {
            using (slot) await exporter.ExportAsync(export, who, stream, request.HttpContext.RequestAborted);
        }, contentType, name);
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
        var filter = q.Filter(types);
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
