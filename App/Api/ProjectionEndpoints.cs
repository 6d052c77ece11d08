using BlazorEs.Infrastructure.Operations;
using BlazorEs.Infrastructure.Projections;
using Mediator;

namespace BlazorEs.App.Api;

/// <summary>/api/projections: status, and the operator actions (retry, skip, rebuild one or all) and the consistency check.</summary>
internal static class ProjectionEndpoints
{
    public sealed record OperatorRequest(string? Reason);

    public static IEndpointRouteBuilder MapProjectionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projections");
        group.MapGet("/", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetProjectionStatuses(), ct)));
        group.MapGet("/{name}", async (string name, ProjectionCatalog catalog, CancellationToken ct) =>
            catalog.TryGet(name, out var runner) ? Results.Ok(await runner.StatusAsync(ct)) : UnknownProjection(name, catalog));
        group.MapGet("/{name}/verify", async (string name, ProjectionCatalog catalog, CancellationToken ct) =>
        {
            if (!catalog.TryGet(name, out var runner)) return UnknownProjection(name, catalog);
            var differences = await runner.Rebuild.VerifyAsync(ct);
            return Results.Ok(new { projection = runner.Name, checkpoint = runner.Checkpoint, healthy = differences.Count == 0, differences });
        });
        group.MapPost("/rebuild", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
            SendAsync(request, reason => new RebuildAllProjections(reason ?? "rebuild of all projections requested over the API"), mediator, StatusCodes.Status202Accepted, ct));
        group.MapPost("/{name}/rebuild", (string name, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            SendAsync(request, reason => new RebuildProjection(name, reason ?? "rebuild requested over the API"), mediator, StatusCodes.Status202Accepted, ct));
        group.MapPost("/{name}/retry", (string name, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            SendAsync(request, reason => new RetryProjection(name, reason ?? ""), mediator, StatusCodes.Status200OK, ct));
        group.MapPost("/{name}/skip", (string name, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            SendAsync(request, reason => new SkipProjectionEvent(name, reason ?? ""), mediator, StatusCodes.Status200OK, ct));
        return app;
    }

    private static IResult UnknownProjection(string name, ProjectionCatalog catalog) =>
        ApiProblems.Problem(StatusCodes.Status404NotFound, "Unknown projection",
            $"There is no projection '{name}'. Projections: {string.Join(", ", catalog.Names)}.");

    private static async Task<IResult> SendAsync(HttpRequest request, Func<string?, ICommand<OperatorActionResult>> command, IMediator mediator, int status, CancellationToken ct)
    {
        try
        {
            var reason = request.HasJsonContentType() && request.ContentLength is > 0
                ? (await request.ReadFromJsonAsync<OperatorRequest>(ApiJson.Strict, ct))?.Reason
                : request.Query["reason"].ToString() is { Length: > 0 } q ? q : null;
            var result = await mediator.Send(command(reason), ct);
            return Results.Json(result, statusCode: status);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ApiProblems.From(ex);
        }
    }
}
