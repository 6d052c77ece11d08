using BlazorEs.Infrastructure.Commands;
using Mediator;

namespace BlazorEs.Infrastructure.Operations;

/// <summary>Clears a parked projection and applies its failing event again (after a fix); only when it is parked at <see cref="Position"/>.</summary>
public sealed record RetryProjection(string Projection, string Reason, long Position) : ICommand<OperatorActionResult>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => OperatorRules.Errors(Projection, Reason, Position);
}

/// <summary>Moves a parked projection past its failing event without applying it; only when it is parked at <see cref="Position"/>.</summary>
public sealed record SkipProjectionEvent(string Projection, string Reason, long Position) : ICommand<OperatorActionResult>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => OperatorRules.Errors(Projection, Reason, Position);
}

/// <summary>Queues a verified rebuild of a projection (rebuilds run one at a time).</summary>
public sealed record RebuildProjection(string Projection, string? Reason = null) : ICommand<OperatorActionResult>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => OperatorRules.Errors(Projection, Reason ?? "rebuild");
}

/// <summary>Queues a verified rebuild of every projection, with one pass over the log for all of them.</summary>
public sealed record RebuildAllProjections(string? Reason = null) : ICommand<OperatorActionResult>, IValidatable
{
    public const string AllProjections = OperatorAudit.AllProjections;

    public IReadOnlyDictionary<string, string[]> Validate() => OperatorRules.Errors(AllProjections, Reason ?? "rebuild");
}

/// <summary>The newest operator actions, newest first (on one projection, and on all, when <see cref="Projection"/> is set).</summary>
public sealed record GetOperatorActions(string? Projection = null, int Limit = 20) : IQuery<IReadOnlyList<OperatorAction>>;

/// <summary>Rebuilds queued or running, the running one first.</summary>
public sealed record GetRebuildQueue : IQuery<IReadOnlyList<QueuedRebuild>>;

/// <summary>What an operator action did; Position is the event retried or skipped, or the rebuild's start.</summary>
public sealed record OperatorActionResult(string Projection, string Action, long Position, string Message);

internal static class OperatorRules
{
    public static Dictionary<string, string[]> Errors(string? projection, string? reason)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(projection)) errors["projection"] = ["Name the projection."];
        if (string.IsNullOrWhiteSpace(reason)) errors["reason"] = ["Say why: the reason is kept in the operator audit stream."];
        else if (reason.Length > 500) errors["reason"] = ["The reason must be at most 500 characters."];
        return errors;
    }

    public static Dictionary<string, string[]> Errors(string? projection, string? reason, long position)
    {
        var errors = Errors(projection, reason);
        if (position < 1) errors["position"] = ["Name the parked event's position (1 or more): only that event is retried or skipped."];
        return errors;
    }
}
