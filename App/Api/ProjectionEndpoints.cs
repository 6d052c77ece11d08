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
        group.MapGet("/", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetProjectionStatuses(), ct)))
            .WithName("GetProjections").WithSummary("Every projection's state, checkpoint, lag and last error.")
            .Produces<IReadOnlyList<ProjectionStatus>>();
        group.MapGet("/{name}", async (string name, ProjectionCatalog catalog, CancellationToken ct) =>
            catalog.TryGet(name, out var runner) ? Results.Ok(await runner.StatusAsync(ct)) : UnknownProjection(name, catalog))
            .WithName("GetProjection").WithSummary("One projection's state, checkpoint, lag and last error.")
            .Produces<ProjectionStatus>().ProducesProblem(StatusCodes.Status404NotFound);
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
        }).RequireAuthorization(ConsolePolicies.Audit)
            .WithName("StartVerification").WithSummary("Starts verifying a projection against a clean replay.")
            .WithDescription("A background job, one per projection: 202 with the job; GET on the same path shows its progress and the rows that differ.")
            .Produces<VerificationJob>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{name}/verify", async (string name, IMediator mediator, ProjectionCatalog catalog, CancellationToken ct) =>
        {
            if (!catalog.TryGet(name, out var runner)) return UnknownProjection(name, catalog);
            return await mediator.Send(new GetVerification(name), ct) is { } job
                ? Results.Ok(job)
                : ApiProblems.Problem(StatusCodes.Status404NotFound, "Not verified yet",
                    $"{runner.Name} has not been verified since the server started; POST /api/projections/{runner.Name}/verify starts a verification.");
        }).WithName("GetVerification").WithSummary("A projection's last verification: progress and the rows that differ.")
            .Produces<VerificationJob>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/operator-actions", async (HttpRequest request, IMediator mediator, CancellationToken ct) =>
        {
            var q = new QueryReader(request.Query);
            var limit = q.Int("limit", 20, 1, 200);
            var projection = q.String("projection", 100);
            if (q.Errors.Count > 0) return ApiProblems.Validation(q.Errors);
            return Results.Ok(await mediator.Send(new GetOperatorActions(projection, limit), ct));
        }).WithName("GetOperatorActions").WithSummary("The operator actions recorded (retry, skip, rebuild), newest first.")
            .WithDescription("?projection to name one, ?limit 1-200 (default 20).")
            .Produces<IReadOnlyList<OperatorAction>>();
        group.MapGet("/rebuild-queue", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetRebuildQueue(), ct)))
            .WithName("GetRebuildQueue").WithSummary("The rebuilds waiting their turn (one runs at a time).")
            .Produces<IReadOnlyList<QueuedRebuild>>();
        group.MapPost("/rebuild", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
            SendAsync(request, body => new RebuildAllProjections(body.Reason ?? ""), mediator, StatusCodes.Status202Accepted, ct))
            .RequireAuthorization(ConsolePolicies.Administer)
            .WithName("RebuildAllProjections").WithSummary("Queues a rebuild of every projection, with {reason}.")
            .Accepts<OperatorReason.Body>("application/json").Produces<OperatorActionResult>(StatusCodes.Status202Accepted).OperatorActionProblems();
        group.MapPost("/{name}/rebuild", (string name, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            SendAsync(request, body => new RebuildProjection(name, body.Reason ?? ""), mediator, StatusCodes.Status202Accepted, ct))
            .RequireAuthorization(ConsolePolicies.Administer)
            .WithName("RebuildProjection").WithSummary("Queues a rebuild of one projection, with {reason}.")
            .WithDescription("Replays from position 0 in memory, then swaps the rows and the checkpoint in one transaction; progress in GET /api/projections/{name}.")
            .Accepts<OperatorReason.Body>("application/json").Produces<OperatorActionResult>(StatusCodes.Status202Accepted).OperatorActionProblems();
        group.MapPost("/{name}/retry", (string name, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            SendAsync(request, body => new RetryProjection(name, body.Reason ?? "", body.Position ?? 0), mediator, StatusCodes.Status200OK, ct))
            .RequireAuthorization(ConsolePolicies.Operate)
            .WithName("RetryProjection").WithSummary("Retries a parked projection's failing event, with {reason, position}.")
            .WithDescription("position is the parked event's (409 when it is not the one parked on).")
            .Accepts<OperatorReason.Body>("application/json").Produces<OperatorActionResult>().OperatorActionProblems();
        group.MapPost("/{name}/skip", (string name, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            SendAsync(request, body => new SkipProjectionEvent(name, body.Reason ?? "", body.Position ?? 0), mediator, StatusCodes.Status200OK, ct))
            .RequireAuthorization(ConsolePolicies.Operate)
            .WithName("SkipProjectionEvent").WithSummary("Skips a parked projection's failing event, with {reason, position}.")
            .WithDescription("Recorded with who and why; position is the parked event's (409 when it is not the one parked on).")
            .Accepts<OperatorReason.Body>("application/json").Produces<OperatorActionResult>().OperatorActionProblems();
        return app;
    }

    /// <summary>What an operator action may answer besides its result: unknown projection, not parked there or not the projector, not JSON, a rule.</summary>
    private static RouteHandlerBuilder OperatorActionProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

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
