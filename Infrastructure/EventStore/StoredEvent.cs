namespace BlazorEs.Infrastructure.EventStore;

/// <summary>Where an event came from: who, through which command, in which conversation.</summary>
public sealed record EventMetadata(string UserId, string CommandName, string CommandId, string CorrelationId, string CausationId);

/// <summary>
/// An event as read back for projections, decisions and replay, with its position, stream version and metadata; Data
/// is the upcast current record. Readers that only show an event take <see cref="RecordedEvent"/>.
/// </summary>
public sealed record StoredEvent(
    long Position,
    string EventId,
    string StreamId,
    long StreamVersion,
    string Type,
    int SchemaVersion,
    DateTime RecordedAt,
    object Data,
    EventMetadata Metadata)
{
    /// <summary>
    /// <see cref="Data"/> as the JSON stored in the table, where the one who made this event had it as text and it is
    /// at the current schema version: the writer's events handed to <see cref="StoreHead"/> listeners and
    /// <see cref="EventReader"/>'s reads. Null for an upcast event and for the rebuild's scan over the raw bytes, which
    /// never reaches a screen. <see cref="RecordedEvent.From"/> passes it through instead of serializing Data again.
    /// </summary>
    public string? Json { get; init; }
}
