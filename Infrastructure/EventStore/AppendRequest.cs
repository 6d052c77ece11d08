namespace BlazorEs.Infrastructure.EventStore;

/// <summary>Events for one stream, appended only if the stream is at <see cref="ExpectedVersion"/> (0 = the stream must not exist yet).</summary>
public sealed record StreamAppend(string StreamId, long ExpectedVersion, IReadOnlyList<object> Events);

/// <summary>One command's events over one or more streams: written all together or not at all.</summary>
public sealed record AppendRequest(
    IReadOnlyList<StreamAppend> Streams,
    EventMetadata Metadata,
    DateTime? RecordedAt = null);

public sealed record StreamVersion(string StreamId, long Version);

/// <summary>What a command wrote; a retried command id gets the first one back with <see cref="Duplicate"/> set.</summary>
public sealed record CommitResult(
    string CommandId,
    string CorrelationId,
    IReadOnlyList<StreamVersion> Streams,
    long LastPosition,
    bool Duplicate = false);
