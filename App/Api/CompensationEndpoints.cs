using BlazorEs.App.Auth;
using BlazorEs.Infrastructure.Compensation;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Replay;
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
                return Results.Ok(new CompensationPreviewView(
                    preview.Original,
                    [.. preview.Plan.Proposals.Select(p => new ProposalView(p.Command.GetType().Name, p.Command, p.Description))],
                    preview.Plan.Refusals,
                    preview.Plan.CanCompensate,
                    preview.CompensatedBy,
                    preview.PlannedEvents,
                    preview.Effect));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ApiProblems.From(ex);
            }
        }).WithName("PreviewCompensation").RequireAuthorization(ConsolePolicies.View)
            .WithSummary("Previews undoing the command behind a correlation id.")
            .WithDescription("The original command and its events, the compensating commands proposed (or why not), the events they would record and their effect on the read models; nothing is written.")
            .Produces<CompensationPreviewView>().ProducesProblem(StatusCodes.Status404NotFound);
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
        }).WithName("Compensate").RequireAuthorization(ConsolePolicies.Administer)
            .WithSummary("Runs the compensation, once, with {reason}.")
            .WithDescription("The compensating commands commit with causation pointing at the original command; 409 when it was compensated already.")
            .Accepts<OperatorReason.Body>("application/json")
            .Produces<IReadOnlyList<CommitResult>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapGet("/api/commands/{commandId}/compensation", async (string commandId, IMediator mediator, CancellationToken ct) =>
            await mediator.Send(new GetCompensation(commandId), ct) is { } record
                ? Results.Ok(record)
                : ApiProblems.Problem(StatusCodes.Status404NotFound, "Not compensated", $"Command '{commandId}' has not been compensated."))
            .WithName("GetCompensation").RequireAuthorization(ConsolePolicies.View)
            .WithSummary("The compensation recorded for a command.")
            .Produces<CompensationRecord>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>GET /api/compensations/{correlationId} as answered; a proposal's arguments are its command's fields.</summary>
    internal sealed record CompensationPreviewView(
        OriginalCommand Original,
        IReadOnlyList<ProposalView> Proposals,
        IReadOnlyList<string> Refusals,
        bool CanCompensate,
        CompensationRecord? CompensatedBy,
        IReadOnlyList<StoredEvent> PlannedEvents,
        ReplayDiff? Effect);

    internal sealed record ProposalView(string Command, object Arguments, string Description);
}
