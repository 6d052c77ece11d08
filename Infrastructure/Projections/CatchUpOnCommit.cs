using BlazorEs.Infrastructure.Commands;
using Mediator;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// In the command's own flow, brings every projection up to the committed position with one shared round
/// (<see cref="ProjectionCatalog.CatchUpAsync"/>). Concurrent commands coalesce: whoever leads the round applies
/// everyone's events, the others find the checkpoints already past theirs. A projection problem never fails the
/// command — its events are committed; the hosted runner picks up the rest.
/// </summary>
public sealed class CatchUpOnCommit(ProjectionCatalog projections, ProjectionOptions options, ILogger<CatchUpOnCommit> logger)
    : INotificationHandler<EventsCommitted>
{
    public async ValueTask Handle(EventsCommitted notification, CancellationToken cancellationToken)
    {
        var position = notification.Result.LastPosition;
        try
        {
            await projections.CatchUpAsync(position, options.CommandFlowWait, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Projections could not catch up to {Position} in the command flow", position);
        }
    }
}
