using System.Text.Json.Nodes;

namespace BlazorEs.Infrastructure.ReadModels.RowHistory;

/// <summary>
/// The events that changed one read-model row, newest first, each with the row before and after it. <see cref="Next"/>
/// is the <c>before</c> of the next (older) page, null on the last one. <see cref="EventsRead"/> says what the answer
/// cost: the events of <see cref="StreamId"/> folded to make it.
/// </summary>
public sealed record RowHistoryPage(
    string ReadModel,
    string Key,
    string StreamId,
    IReadOnlyList<RowHistoryEntry> Entries,
    long? Next,
    int EventsRead);

/// <summary>
/// One event that changed the row: where it is, who sent which command in which conversation, and the row's fields
/// before and after it as the read model's JSON (null before the row existed, or after it was removed).
/// </summary>
public sealed record RowHistoryEntry(
    long Position,
    string EventId,
    long StreamVersion,
    string Type,
    DateTime RecordedAt,
    string UserId,
    string CommandName,
    string CommandId,
    string CorrelationId,
    string CausationId,
    RowChangeKind Change,
    JsonObject? Before,
    JsonObject? After,
    IReadOnlyList<FieldChange> Changed);

public enum RowChangeKind
{
    /// <summary>The event made the row.</summary>
    Created,
    /// <summary>The event changed fields of the row.</summary>
    Changed,
    /// <summary>The event removed the row.</summary>
    Removed,
}

/// <summary>One field the event changed, by its JSON name, with its value before and after.</summary>
public sealed record FieldChange(string Field, JsonNode? Before, JsonNode? After);
