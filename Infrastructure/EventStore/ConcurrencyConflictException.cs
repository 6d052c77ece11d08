namespace BlazorEs.Infrastructure.EventStore;

/// <summary>A stream was not at the version the command expected: someone else changed it first.</summary>
public sealed class ConcurrencyConflictException(string streamId, long expectedVersion, long actualVersion)
    : Exception($"Stream {streamId} was changed by someone else (expected version {expectedVersion}, found {actualVersion}). Reload and retry.")
{
    public string StreamId { get; } = streamId;
    public long ExpectedVersion { get; } = expectedVersion;
    public long ActualVersion { get; } = actualVersion;
}
