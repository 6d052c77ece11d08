using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using Mediator;

namespace BlazorEs.Infrastructure.Operations;

/// <summary>
/// Operator actions on the read side. Each is recorded in the operator audit stream — who, when, why — through
/// the same writer as every other event: retry and skip under the projection's lock once the position they name is
/// known to be the parked one; rebuilds when requested, started, finished or failed (<see cref="RebuildQueue"/>).
/// </summary>
public sealed class OperatorCommandHandlers(
    ProjectionCatalog projections,
    OperatorAudit audit,
    RebuildQueue rebuilds,
    EventReader reader,
    ICurrentUser user)
    : ICommandHandler<RetryProjection, OperatorActionResult>,
      ICommandHandler<SkipProjectionEvent, OperatorActionResult>,
      ICommandHandler<RebuildProjection, OperatorActionResult>,
      ICommandHandler<RebuildAllProjections, OperatorActionResult>,
      IQueryHandler<GetOperatorActions, IReadOnlyList<OperatorAction>>,
      IQueryHandler<GetRebuildQueue, IReadOnlyList<QueuedRebuild>>
{
    public async ValueTask<OperatorActionResult> Handle(RetryProjection command, CancellationToken cancellationToken)
    {
        var runner = Find(command.Projection);
        var who = Who;
        var position = command.Position;
        await runner.Operator.RetryAsync(position, () =>
            audit.RecordAsync(nameof(RetryProjection), new ProjectionRetried(runner.Name, position, command.Reason), who, cancellationToken), cancellationToken);
        var after = await runner.StatusAsync(cancellationToken);
        return new OperatorActionResult(runner.Name, "retry", position, after.ParkedAt is null
            ? $"{runner.Name} applied position {position} and is {after.State}."
            : $"{runner.Name} failed again and is parked at {after.ParkedAt}.");
    }

    public async ValueTask<OperatorActionResult> Handle(SkipProjectionEvent command, CancellationToken cancellationToken)
    {
        var runner = Find(command.Projection);
        var who = Who;
        var position = command.Position;
        var skipped = await reader.ReadAllAsync(position - 1, 1, position, cancellationToken);
        var type = skipped.Count > 0 ? skipped[0].Type : "unknown";
        await runner.Operator.SkipAsync(position, () =>
            audit.RecordAsync(nameof(SkipProjectionEvent), new ProjectionEventSkipped(runner.Name, position, type, command.Reason), who, cancellationToken), cancellationToken);
        return new OperatorActionResult(runner.Name, "skip", position, $"{runner.Name} skipped {type} at position {position}.");
    }

    public async ValueTask<OperatorActionResult> Handle(RebuildProjection command, CancellationToken cancellationToken)
    {
        var runner = Find(command.Projection);
        var ahead = await rebuilds.EnqueueAsync(runner.Name, Who, command.Reason ?? "rebuild", nameof(RebuildProjection), cancellationToken);
        return new OperatorActionResult(runner.Name, "rebuild", runner.Checkpoint, ahead == 0
            ? $"{runner.Name} is rebuilding; follow its progress in the projection status."
            : $"{runner.Name} is queued to rebuild after {ahead} other rebuild(s); rebuilds run one at a time.");
    }

    public async ValueTask<OperatorActionResult> Handle(RebuildAllProjections command, CancellationToken cancellationToken)
    {
        projections.Lease?.EnsureHolder("Rebuilding every projection");
        var ahead = await rebuilds.EnqueueAsync(OperatorAudit.AllProjections, Who, command.Reason ?? "rebuild", nameof(RebuildAllProjections), cancellationToken);
        var names = string.Join(", ", projections.Names);
        return new OperatorActionResult(RebuildAllProjections.AllProjections, "rebuild", 0, ahead == 0
            ? $"{names} are rebuilding with one pass over the log; follow their progress in the projection status."
            : $"{names} are queued to rebuild after {ahead} other rebuild(s); rebuilds run one at a time.");
    }

    public async ValueTask<IReadOnlyList<OperatorAction>> Handle(GetOperatorActions query, CancellationToken cancellationToken) =>
        await audit.RecentAsync(query.Limit, query.Projection, cancellationToken);

    public ValueTask<IReadOnlyList<QueuedRebuild>> Handle(GetRebuildQueue query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(rebuilds.Pending);

    /// <summary>The signed-in operator; an action with nobody signed in records nothing.</summary>
    private string Who => user.Name ?? throw new NotSignedInException();

    // Operator actions run on the projector only; elsewhere they are refused (409 naming the holder) before anything is recorded.
    private IProjectionRunner Find(string name) =>
        projections.TryGet(name, out var runner)
            ? EnsureProjector(runner)
            : throw DomainException.NotFound($"There is no projection '{name}'. Projections: {string.Join(", ", projections.Names)}.");

    private IProjectionRunner EnsureProjector(IProjectionRunner runner)
    {
        projections.Lease?.EnsureHolder($"An operator action on {runner.Name}");
        return runner;
    }
}
