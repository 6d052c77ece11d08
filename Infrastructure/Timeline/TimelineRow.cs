using System.Text.Json;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Infrastructure.Timeline;

/// <summary>One line of the timeline: what happened, where, by whom; Data is the event's JSON.</summary>
public sealed record TimelineRow(
    long Position,
    string StreamId,
    long StreamVersion,
    string Type,
    DateTime RecordedAt,
    string UserId,
    string CommandName,
    string CorrelationId,
    string Data)
{
    public static TimelineRow From(StoredEvent e) => new(
        e.Position, e.StreamId, e.StreamVersion, e.Type, e.RecordedAt, e.Metadata.UserId, e.Metadata.CommandName,
        e.Metadata.CorrelationId, JsonSerializer.Serialize(e.Data, e.Data.GetType(), EventTypeMap.Json));
}
