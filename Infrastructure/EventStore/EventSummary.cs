using System.Text.Json;
namespace BlazorEs.Infrastructure.EventStore;

/// <summary>
/// An event as the screens and the live channel carry it: what happened, where, by whom; Data is the event's JSON.
/// One shape for a timeline row, a live message and recent activity.
/// </summary>
public sealed record EventSummary(
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
    public static EventSummary From(StoredEvent e) => new(
        e.Position, e.StreamId, e.StreamVersion, e.Type, e.RecordedAt, e.Metadata.UserId, e.Metadata.CommandName,
        e.Metadata.CorrelationId, JsonSerializer.Serialize(e.Data, e.Data.GetType(), EventTypeMap.Json));
}
