namespace BlazorEs.Infrastructure.Operations;

/// <summary>Events of the operator audit stream: what operators did to the read side, who, and why.</summary>
public sealed record ProjectionRetried(string Projection, long Position, string Reason);

public sealed record ProjectionEventSkipped(string Projection, long Position, string EventType, string Reason);

/// <summary>A rebuild finished: the live rows were replaced at <see cref="Position"/> after replaying <see cref="Events"/> events.</summary>
public sealed record ProjectionRebuilt(string Projection, long Position, long Events, double Seconds, string Reason);

/// <summary>A rebuild was asked for (<see cref="Projection"/> is "all" for every projection); <see cref="Ahead"/> rebuilds were queued before it.</summary>
public sealed record ProjectionRebuildRequested(string Projection, string Reason, int Ahead);

/// <summary>A queued rebuild started replaying, after waiting <see cref="WaitedSeconds"/> in the queue.</summary>
public sealed record ProjectionRebuildStarted(string Projection, string Reason, double WaitedSeconds);

/// <summary>A rebuild failed after <see cref="Seconds"/> and <see cref="Events"/> events replayed; the live rows were left as they were.</summary>
public sealed record ProjectionRebuildFailed(string Projection, string Reason, string Error, long Events, double Seconds);

public static class OperatorStreams
{
    public const string Audit = "operator-audit";
}
