using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using Mediator;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Operations;

/// <summary>
/// Operator actions on the read side. Each is recorded in the operator audit stream — who, when, why — through
/// the same writer as every other event.
/// </summary>
public sealed class OperatorCommandHandlers(
    ProjectionCatalog projections,
    EventStoreWriter writer,
    EventReader reader,
    ICurrentUser user,
    ILogger<OperatorCommandHandlers> logger)
    : ICommandHandler<RetryProjection, OperatorActionResult>,
      ICommandHandler<SkipProjectionEvent, OperatorActionResult>,
      ICommandHandler<RebuildProjection, OperatorActionResult>,
      ICommandHandler<RebuildAllProjections, OperatorActionResult>
{
    public async ValueTask<OperatorActionResult> Handle(RetryProjection command, CancellationToken cancellationToken)
    {
        var runner = Find(command.Projection);
        var status = await runner.StatusAsync(cancellationToken);
        var parked = status.ParkedAt ?? throw DomainException.Rule($"{runner.Name} is not parked; there is nothing to retry.");
        await RecordAsync(nameof(RetryProjection), new ProjectionRetried(runner.Name, parked, command.Reason), cancellationToken);
        await runner.Operator.RetryAsync(cancellationToken);
        var after = await runner.StatusAsync(cancellationToken);
        return new OperatorActionResult(runner.Name, "retry", parked, after.ParkedAt is null
            ? $"{runner.Name} applied position {parked} and is {after.State}."
            : $"{runner.Name} failed again and is parked at {after.ParkedAt}.");
    }

    public async ValueTask<OperatorActionResult> Handle(SkipProjectionEvent command, CancellationToken cancellationToken)
    {
        var runner = Find(command.Projection);
        var status = await runner.StatusAsync(cancellationToken);
        var parked = status.ParkedAt ?? throw DomainException.Rule($"{runner.Name} is not parked; there is no event to skip.");
        var skipped = await reader.ReadAllAsync(parked - 1, 1, parked, cancellationToken);
        var type = skipped.Count > 0 ? skipped[0].Type : "unknown";
        await RecordAsync(nameof(SkipProjectionEvent), new ProjectionEventSkipped(runner.Name, parked, type, command.Reason), cancellationToken);
        await runner.Operator.SkipAsync(cancellationToken);
        return new OperatorActionResult(runner.Name, "skip", parked, $"{runner.Name} skipped {type} at position {parked}.");
    }

    public async ValueTask<OperatorActionResult> Handle(RebuildProjection command, CancellationToken cancellationToken)
    {
        var runner = Find(command.Projection);
        if (runner.Rebuild.Progress is { Phase: not (RebuildPhase.Done or RebuildPhase.Failed) })
            throw DomainException.Rule($"{runner.Name} is already rebuilding.");
        var who = user.Name;
        var reason = command.Reason ?? "rebuild";
        _ = Task.Run(async () =>
        {
            var result = await runner.Rebuild.RunAsync(CancellationToken.None);
            if (result.Phase != RebuildPhase.Done) return;
            try
            {
                var seconds = ((result.FinishedAt ?? DateTime.UtcNow) - result.StartedAt).TotalSeconds;
                await RecordAsync(nameof(RebuildProjection), new ProjectionRebuilt(runner.Name, runner.Checkpoint, result.Total, Math.Round(seconds, 2), reason), CancellationToken.None, who);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Recording the rebuild of {Projection} failed", runner.Name);
            }
        }, CancellationToken.None);
        return new OperatorActionResult(runner.Name, "rebuild", runner.Checkpoint, $"{runner.Name} is rebuilding; follow its progress in the projection status.");
    }

    public ValueTask<OperatorActionResult> Handle(RebuildAllProjections command, CancellationToken cancellationToken)
    {
        projections.Lease?.EnsureHolder("Rebuilding every projection");
        if (projections.All.FirstOrDefault(r => r.Rebuild.Progress is { Phase: not (RebuildPhase.Done or RebuildPhase.Failed) }) is { } busy)
            throw DomainException.Rule($"{busy.Name} is already rebuilding.");
        var who = user.Name;
        var reason = command.Reason ?? "rebuild";
        _ = Task.Run(async () =>
        {
            var results = await projections.RebuildAllAsync(CancellationToken.None);
            foreach (var (runner, result) in projections.All.Zip(results))
            {
                if (result.Phase != RebuildPhase.Done) continue;
                try
                {
                    var seconds = ((result.FinishedAt ?? DateTime.UtcNow) - result.StartedAt).TotalSeconds;
                    await RecordAsync(nameof(RebuildAllProjections), new ProjectionRebuilt(runner.Name, runner.Checkpoint, result.Total, Math.Round(seconds, 2), reason), CancellationToken.None, who);
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Recording the rebuild of {Projection} failed", runner.Name);
                }
            }
        }, CancellationToken.None);
        var names = string.Join(", ", projections.Names);
        return ValueTask.FromResult(new OperatorActionResult(RebuildAllProjections.AllProjections, "rebuild", 0,
            $"{names} are rebuilding with one pass over the log; follow their progress in the projection status."));
    }

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

    private async Task RecordAsync(string commandName, object @event, CancellationToken ct, string? who = null)
    {
        var id = Guid.CreateVersion7().ToString();
        await writer.AppendAsync(new AppendRequest(
            [new StreamAppend(OperatorStreams.Audit, ExpectedVersion.Any, [@event])],
            new EventMetadata(who ?? user.Name, commandName, id, id, id)), ct);
    }
}
