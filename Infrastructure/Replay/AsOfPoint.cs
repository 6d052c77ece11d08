namespace BlazorEs.Infrastructure.Replay;

public enum AsOfKind
{
    /// <summary>Before the first event: every read model is empty.</summary>
    BeforeFirstEvent,
    /// <summary>A point in the past.</summary>
    Historical,
    /// <summary>The head of the log: the current state.</summary>
    Now,
    /// <summary>Asked for a point after the head: the current state, and the answer says so.</summary>
    Future,
}

/// <summary>A resolved point in history: the position replay stops at, the time of that event, and what kind of point it is.</summary>
public sealed record AsOfPoint(long Position, DateTime? At, AsOfKind Kind, long Head, string Description);
