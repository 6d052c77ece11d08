using BlazorEs.Infrastructure.Compensation;
using Mediator;

namespace BlazorEs.App.Api;

/// <summary>/api/compensations/{correlationId}: guided undo — GET previews, POST executes.</summary>
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
                    preview.PlannedEvents,
                    preview.Effect,
                });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ApiProblems.From(ex);
            }
        }).WithName("PreviewCompensation");
        app.MapPost("/api/compensations/{correlationId}", async (string correlationId, IMediator mediator, CancellationToken ct) =>
        {
            try
            {
                return Results.Ok(await mediator.Send(new CompensateCommand(correlationId), ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ApiProblems.From(ex);
            }
        }).WithName("Compensate");
        return app;
    }
}
