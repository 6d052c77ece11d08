using System.Globalization;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.App.Api;

/// <summary>History over HTTP: one stream, or a filtered page of all events.</summary>
internal static class EventEndpoints
{
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/streams/{streamId}", ReadStreamAsync).WithName("ReadStream");
        app.MapGet("/api/events", ReadEventsAsync).WithName("ReadEvents");
        return app;
    }

    private static async Task<IResult> ReadStreamAsync(string streamId, EventReader reader, CancellationToken ct)
    {
        var events = await reader.ReadStreamAsync(streamId, ct: ct);
        if (events.Count == 0)
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "Unknown stream", $"Stream '{streamId}' has no events.");
        return Results.Ok(new { streamId, version = events[^1].StreamVersion, events = events.Select(EventDto.From) });
    }

    private static async Task<IResult> ReadEventsAsync(HttpRequest request, EventReader reader, EventTypeMap types, CancellationToken ct)
    {
        var q = request.Query;
        var errors = new Dictionary<string, string[]>();
        var after = ParseLong(q["after"], "after", errors);
        var limit = ParseLong(q["limit"], "limit", errors) ?? 100;
        if (limit is < 1 or > MaxLimit) errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        var from = ParseTime(q["from"], "from", errors);
        var to = ParseTime(q["to"], "to", errors);
        if (from > to) errors["to"] = ["to must not be before from."];
        string? type = q["type"];
        if (!string.IsNullOrEmpty(type) && !types.IsKnown(type))
            errors["type"] = [$"Unknown event type '{type}'. Types: {string.Join(", ", types.Names)}."];
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        var filter = new EventFilter(q["stream"], type, q["user"], q["correlationId"], from, to);
        var page = await reader.ReadPageAsync(filter, after, (int)limit, ct: ct);
        return Results.Ok(new { events = page.Events.Select(EventDto.From), next = page.Next });
    }

    private static long? ParseLong(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        errors[name] = [$"{name} must be a non-negative integer."];
        return null;
    }

    private static DateTime? ParseTime(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed.UtcDateTime;
        errors[name] = [$"{name} must be an ISO 8601 time, e.g. 2026-11-20T14:02:00Z."];
        return null;
    }
}
