using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlazorEs.Infrastructure.EventStore;

/// <summary>
/// An event as every reader shows it (the HTTP API, the timeline and its drawer, live messages, the stream browser,
/// recent activity): where it is, what it is, where it came from, and its data as the JSON stored in the table, passed
/// through without being decoded. Projections, decisions and replay take <see cref="StoredEvent"/> instead, whose data
/// is the decoded record.
/// </summary>
/// <param name="Data">
/// The stored JSON. An event stored at an older schema version is shown upcast (<see cref="EventTypeMap.CurrentJson"/>),
/// as the screens have always shown it: they read the fields of today's record.
/// </param>
public sealed record RecordedEvent(
    long Position,
    string EventId,
    string StreamId,
    long StreamVersion,
    string Type,
    int SchemaVersion,
    DateTime RecordedAt,
    string UserId,
    string CommandName,
    string CommandId,
    string CorrelationId,
    string CausationId,
    string Data)
{
    // The metadata is flat, as in the table: LiveHub's clients from before this shape read UserId, CommandName and
    // CorrelationId at the top of an EventsAppended event, and each message stays as small as it was plus the new fields.
    /// <summary>The metadata as one value, as <see cref="StoredEvent"/> and the HTTP API (an object) carry it.</summary>
    [JsonIgnore]
    public EventMetadata Metadata => new(UserId, CommandName, CommandId, CorrelationId, CausationId);

    /// <summary>
    /// The reader shape of a decoded event: its stored JSON when it has it (the writer's handed-over events, the store's
    /// reads), otherwise (an upcast event, a compensation's preview) its record serialized as it would be stored.
    /// </summary>
    public static RecordedEvent From(StoredEvent e) => new(
        e.Position, e.EventId, e.StreamId, e.StreamVersion, e.Type, e.SchemaVersion, e.RecordedAt,
        e.Metadata.UserId, e.Metadata.CommandName, e.Metadata.CommandId, e.Metadata.CorrelationId, e.Metadata.CausationId, DataOf(e));

    /// <summary>The <see cref="Data"/> of <see cref="From"/> alone.</summary>
    public static string DataOf(StoredEvent e) => e.Json ?? JsonSerializer.Serialize(e.Data, e.Data.GetType(), EventTypeMap.Json);
}
