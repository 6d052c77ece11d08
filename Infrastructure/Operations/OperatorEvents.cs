namespace BlazorEs.Infrastructure.Operations;

/// <summary>Events of the operator audit stream: what operators did to the read side, who, and why.</summary>
public sealed record ProjectionRetried(string Projection, long Position, string Reason);

public sealed record ProjectionEventSkipped(string Projection, long Position, string EventType, string Reason);

public sealed record ProjectionRebuilt(string Projection, long Position, long Events, double Seconds, string Reason);

public static class OperatorStreams
{
    public const string Audit = "operator-audit";
}
