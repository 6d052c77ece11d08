using BlazorEs.App.Auth;
using BlazorEs.Infrastructure.Operations;
using BlazorEs.Infrastructure.Projections;
using Mediator;

namespace BlazorEs.App.Api;

/// <summary>/api/projections: status, and the operator actions (retry, skip, rebuild one or all) and the consistency check.</summary>
internal static class ProjectionEndpoints
{
    public static IEndpointRouteBuilder MapProjectionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projections").RequireAuthorization(ConsolePolicies.View);
        group.MapGet("/", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetProjectionStatuses(), ct)));
        group.MapGet("/{name}", async (string name, ProjectionCatalog catalog, CancellationToken ct) =>
            catalog.TryGet(name, out var runner) ? Results.Ok(await runner.StatusAsync(ct)) : UnknownProjection(name, catalog));
        // Verification is a background job (one per projection): POST starts it, GET shows its progress and result.
        group.MapPost("/{name}/verify", async (string name, IMediator mediator, ProjectionCatalog catalog, CancellationToken ct) =>
        {
            if (!catalog.TryGet(name, out _)) return UnknownProjection(name, catalog);
            try
            {
                var job = await mediator.Send(new StartVerification(name), ct);
                return Results.Json(job, statusCode: StatusCodes.Status202Accepted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ApiProblems.From(ex);
            }
        }).RequireAuthorization(ConsolePolicies.Audit);
        group.MapGet("/{name}/verify", async (string name, IMediator mediator, ProjectionCatalog catalog, CancellationToken ct) =>
        {
            if (!catalog.TryGet(name, out var runner)) return UnknownProjection(name, catalog);
            return await mediator.Send(new GetVerification(name), ct) is { } job
                ? Results.Ok(job)
                : ApiProblems.Problem(StatusCodes.Status404NotFound, "Not verified yet",
                    $"{runner.Name} has not been verified since the server started; POST /api/projections/{runner.Name}/verify starts a verification.");
        });
        group.MapGet("/operator-actions", async (HttpRequest request, IMediator mediator, CancellationToken ct) =>
        {
            var q = new QueryReader(request.Query);
            var limit = q.Int("limit", 20, 1, 200);
            var projection = q.String("projection", 100);
            if (q.Errors.Count > 0) return ApiProblems.Validation(q.Errors);
            return Results.Ok(await mediator.Send(new GetOperatorActions(projection, limit), ct));
        });
        group.MapGet("/rebuild-queue", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetRebuildQueue(), ct)));
        group.MapPost("/rebuild", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
            SendAsync(request, body => new RebuildAllProjections(body.Reason ?? ""), mediator, StatusCodes.Status202Accepted, ct))
            .RequireAuthorization(ConsolePolicies.Administer);
        group.MapPost("/{name}/rebuild", (string name, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            SendAsync(request, body => new RebuildProjection(name, body.Reason ?? ""), mediator, StatusCodes.Status202Accepted, ct))
            .RequireAuthorization(ConsolePolicies.Administer);
        group.MapPost("/{name}/retry", (string name, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            SendAsync(request, body => new RetryProjection(name, body.Reason ?? "", body.Position ?? 0), mediator, StatusCodes.Status200OK, ct))
            .RequireAuthorization(ConsolePolicies.Operate);
        group.MapPost("/{name}/skip", (string name, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            SendAsync(request, body => new SkipProjectionEvent(name, body.Reason ?? "", body.Position ?? 0), mediator, StatusCodes.Status200OK, ct))
            .RequireAuthorization(ConsolePolicies.Operate);
        return app;
    }

    private static IResult UnknownProjection(string name, ProjectionCatalog catalog) =>
        ApiProblems.Problem(StatusCodes.Status404NotFound, "Unknown projection",
            $"There is no projection '{name}'. Projections: {string.Join(", ", catalog.Names)}.");

    private static async Task<IResult> SendAsync(HttpRequest request, Func<OperatorReason.Body, ICommand<OperatorActionResult>> command, IMediator mediator, int status, CancellationToken ct)
    {
        var (body, refused) = await OperatorReason.ReadAsync(request, ct);
        if (refused is not null) return refused;
        try
        {
            var result = await mediator.Send(command(body!), ct);
            return Results.Json(result, statusCode: status);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ApiProblems.From(ex);
        }
    }
}
