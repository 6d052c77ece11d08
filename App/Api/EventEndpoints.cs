using BlazorEs.App.Auth;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Streams;
using Mediator;

namespace BlazorEs.App.Api;

/// <summary>History over HTTP: one stream, or a filtered page of all events, each with its data as stored (<see cref="RecordedEventJson"/>).</summary>
internal static class EventEndpoints
{
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/streams/{streamId}", ReadStreamAsync).WithName("ReadStream").RequireAuthorization(ConsolePolicies.View)
            .WithSummary("A page of one stream's events.")
            .WithDescription("Versions after ?after (default 0), at most ?limit (default 100, max 1,000), with the stream's version (its total) and the next cursor. Each event's data is the stored JSON as it is.")
            .Produces<StreamPage>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/events", ReadEventsAsync).WithName("ReadEvents").RequireAuthorization(ConsolePolicies.View)
            .WithSummary("A filtered page of all events, oldest first.")
            .WithDescription("The timeline's filters (type, stream, user, correlationId, from, to), ?after a position, at most ?limit (default 100, max 1,000); next is the cursor of the following page. Each event's data is the stored JSON as it is.")
            .Produces<EventPage>();
        app.MapGet("/api/streams/{streamId}/as-of", StreamAsOfAsync).WithName("StreamAsOf").RequireAuthorization(ConsolePolicies.View)
            .WithSummary("One stream as of a version or a time.")
            .WithDescription("The state folded up to ?version or ?at (ISO 8601), with the stream's history version by version.")
            .Produces<StreamAsOf>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>GET /api/streams/{streamId} as answered (with <see cref="RecordedEventJson"/>): total is the stream's version.</summary>
    internal sealed record StreamPage(string StreamId, long Version, long Total, IReadOnlyList<RecordedEvent> Events, long? Next);

    /// <summary>A page of one stream: versions after <c>after</c> (default 0), at most <c>limit</c> (default 100, max 1,000), with the stream's version (its total) and the next cursor.</summary>
    private static async Task<IResult> ReadStreamAsync(string streamId, HttpRequest request, EventReader reader, CancellationToken ct)
    {
        var q = new QueryReader(request.Query);
        var after = q.Long("after") ?? 0;
        var limit = q.Int("limit", 100, 1, MaxLimit);
        if (q.Errors.Count > 0) return ApiProblems.Validation(q.Errors);
        var version = await reader.StreamVersionAsync(streamId, ct);
        if (version == 0)
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "Unknown stream", $"Stream '{streamId}' has no events.");
        var last = after >= version ? after : Math.Min(version, after + limit);
        var events = after >= version ? [] : await reader.ReadRecordedStreamAsync(streamId, after + 1, last, ct);
        long? next = last < version ? last : null;
        return Results.Json(new StreamPage(streamId, version, version, events, next), RecordedEventJson.Options);
    }

    private static async Task<IResult> StreamAsOfAsync(string streamId, HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        var q = new QueryReader(request.Query);
        var version = q.Long("version");
        var at = q.Time("at");
        if (q.Errors.Count > 0) return ApiProblems.Validation(q.Errors);
        try
        {
            return Results.Ok(await mediator.Send(new GetStreamAsOf(streamId, version, at), ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ApiProblems.From(ex);
        }
    }

    private static async Task<IResult> ReadEventsAsync(HttpRequest request, EventReader reader, EventTypeMap types, CancellationToken ct)
    {
        var q = new QueryReader(request.Query);
        var after = q.Long("after");
        var limit = q.Int("limit", 100, 1, MaxLimit);
        var filter = q.Filter(types);
        if (q.Errors.Count > 0) return ApiProblems.Validation(q.Errors);

        var page = await reader.ReadPageAsync(filter, after, limit, ct: ct);
        return Results.Json(page, RecordedEventJson.Options);
    }
}
