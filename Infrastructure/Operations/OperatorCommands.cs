using BlazorEs.Infrastructure.Commands;
using Mediator;

namespace BlazorEs.Infrastructure.Operations;

/// <summary>Clears a parked projection and applies its failing event again (after a fix).</summary>
public sealed record RetryProjection(string Projection, string Reason) : ICommand<OperatorActionResult>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => OperatorRules.Errors(Projection, Reason);
}

/// <summary>Moves a parked projection past its failing event without applying it.</summary>
public sealed record SkipProjectionEvent(string Projection, string Reason) : ICommand<OperatorActionResult>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => OperatorRules.Errors(Projection, Reason);
}

/// <summary>Starts a verified rebuild of a projection in the background.</summary>
public sealed record RebuildProjection(string Projection, string? Reason = null) : ICommand<OperatorActionResult>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => OperatorRules.Errors(Projection, Reason ?? "rebuild");
}

/// <summary>Starts a verified rebuild of every projection in the background, with one pass over the log for all of them.</summary>
public sealed record RebuildAllProjections(string? Reason = null) : ICommand<OperatorActionResult>, IValidatable
{
    public const string AllProjections = "all";

    public IReadOnlyDictionary<string, string[]> Validate() => OperatorRules.Errors(AllProjections, Reason ?? "rebuild");
}

/// <summary>What an operator action did; Position is the event retried or skipped, or the rebuild's start.</summary>
public sealed record OperatorActionResult(string Projection, string Action, long Position, string Message);

internal static class OperatorRules
{
    public static IReadOnlyDictionary<string, string[]> Errors(string? projection, string? reason)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(projection)) errors["projection"] = ["Name the projection."];
        if (string.IsNullOrWhiteSpace(reason)) errors["reason"] = ["Say why: the reason is kept in the operator audit stream."];
        else if (reason.Length > 500) errors["reason"] = ["The reason must be at most 500 characters."];
        return errors;
    }
}
