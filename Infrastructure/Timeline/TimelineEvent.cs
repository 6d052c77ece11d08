using System.Text.Json;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Infrastructure.Timeline;

/// <summary>An event with everything the detail drawer shows: identity, metadata and its data as JSON.</summary>
public sealed record TimelineEvent(
    long Position,
    string EventId,
    string StreamId,
    long StreamVersion,
    string Type,
    int SchemaVersion,
    DateTime RecordedAt,
    EventMetadata Metadata,
    string Data)
{
    public static TimelineEvent From(StoredEvent e) => new(
        e.Position, e.EventId, e.StreamId, e.StreamVersion, e.Type, e.SchemaVersion, e.RecordedAt, e.Metadata,
        JsonSerializer.Serialize(e.Data, e.Data.GetType(), EventTypeMap.Json));
}
