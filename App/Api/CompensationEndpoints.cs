using BlazorEs.App.Auth;
using BlazorEs.Infrastructure.Compensation;
using Mediator;

namespace BlazorEs.App.Api;

/// <summary>/api/compensations/{correlationId}: guided undo — GET previews, POST executes (once) with a reason.</summary>
internal static class CompensationEndpoints
{
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
        }).WithName("PreviewCompensation").RequireAuthorization(ConsolePolicies.View);
        app.MapPost("/api/compensations/{correlationId}", async (string correlationId, HttpRequest request, IMediator mediator, CancellationToken ct) =>
        {
            var (reason, refused) = await OperatorReason.ReadAsync(request, ct);
            if (refused is not null) return refused;
            try
            {
                return Results.Ok(await mediator.Send(new CompensateCommand(correlationId, reason!.Reason ?? ""), ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ApiProblems.From(ex);
            }
        }).WithName("Compensate").RequireAuthorization(ConsolePolicies.Administer);
        app.MapGet("/api/commands/{commandId}/compensation", async (string commandId, IMediator mediator, CancellationToken ct) =>
            await mediator.Send(new GetCompensation(commandId), ct) is { } record
                ? Results.Ok(record)
                : ApiProblems.Problem(StatusCodes.Status404NotFound, "Not compensated", $"Command '{commandId}' has not been compensated."))
            .WithName("GetCompensation").RequireAuthorization(ConsolePolicies.View);
        return app;
    }
}
