using BlazorEs.Infrastructure.Compensation;
using Mediator;

namespace BlazorEs.App.Api;

/// <summary>/api/compensations/{correlationId}: guided undo — GET previews, POST executes (once) with a reason.</summary>
internal static class CompensationEndpoints
{
    /// <summary>The POST body: why the command is compensated (1–500 characters, recorded with the compensation).</summary>
    public sealed record CompensationRequest(string? Reason);

    public static IEndpointRouteBuilder MapCompensationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/compensations/{correlationId}", async (string correlationId, IMediator mediator, CancellationToken ct) =>
        {
            try
            {
                var preview = await mediator.Send(new PreviewCompensation(correlationId), ct);
                return Results.Ok(new
                {
                    preview.Original,
                    proposals = preview.Plan.Proposals.Select(p => new { command = p.Command.GetType().Name, arguments = (object)p.Command, p.Description }),
                    refusals = preview.Plan.Refusals,
                    canCompensate = preview.Plan.CanCompensate,
                    preview.CompensatedBy,
                    preview.PlannedEvents,
                    preview.Effect,
                });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ApiProblems.From(ex);
            }
        }).WithName("PreviewCompensation");
        app.MapPost("/api/compensations/{correlationId}", async (string correlationId, HttpRequest request, IMediator mediator, CancellationToken ct) =>
        {
            try
            {
                var reason = await ReasonAsync(request, ct);
                return Results.Ok(await mediator.Send(new CompensateCommand(correlationId, reason ?? ""), ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ApiProblems.From(ex);
            }
        }).WithName("Compensate");
        app.MapGet("/api/commands/{commandId}/compensation", async (string commandId, IMediator mediator, CancellationToken ct) =>
            await mediator.Send(new GetCompensation(commandId), ct) is { } record
                ? Results.Ok(record)
                : ApiProblems.Problem(StatusCodes.Status404NotFound, "Not compensated", $"Command '{commandId}' has not been compensated."))
            .WithName("GetCompensation");
        return app;
    }

    /// <summary>The reason from the JSON body (the one shape kept), else from <c>?reason=</c> for a plain POST.</summary>
    private static async Task<string?> ReasonAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasJsonContentType() && request.ContentLength is not 0)
            return (await request.ReadFromJsonAsync<CompensationRequest>(ApiJson.Strict, ct))?.Reason;
        return request.Query["reason"].ToString() is { Length: > 0 } q ? q : null;
    }
}
