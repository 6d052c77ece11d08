namespace BlazorEs.Infrastructure.EventStore;

/// <summary>Where an event came from: who, through which command, in which conversation.</summary>
public sealed record EventMetadata(string UserId, string CommandName, string CommandId, string CorrelationId, string CausationId);

/// <summary>An event as read back, with its position, stream version and metadata; Data is the upcast current record.</summary>
public sealed record StoredEvent(
    long Position,
    string EventId,
    string StreamId,
    long StreamVersion,
    string Type,
    int SchemaVersion,
    DateTime RecordedAt,
    object Data,
    EventMetadata Metadata);
