namespace BlazorEs.Infrastructure.Streams;

/// <summary>What kind of state a stream folds into; Other streams show their events only.</summary>
public enum StreamKind
{
    Other,
    Product,
    Order,
}

/// <summary>A stream version by version: each event, the state right after it, and what it changed.</summary>
public sealed record StreamHistory(string StreamId, StreamKind Kind, IReadOnlyList<StreamVersionEntry> Versions)
{
    /// <summary>The state after the last version (null for streams without a state).</summary>
    public string? CurrentState => Versions.Count > 0 ? Versions[^1].StateAfter : null;
}

/// <summary>
/// One version of a stream. <see cref="StateAfter"/> is the folded state as JSON (null for streams without a state);
/// <see cref="Changes"/> lists every field the event changed.
/// </summary>
public sealed record StreamVersionEntry(
    long Version,
    long Position,
    string Type,
    DateTime RecordedAt,
    string UserId,
    string CommandName,
    string CorrelationId,
    string Data,
    string? StateAfter,
    IReadOnlyList<FieldChange> Changes);

/// <summary>One field an event changed: a dotted path ("lines[0].quantity") and its value before and after (null: absent).</summary>
public sealed record FieldChange(string Field, string? Before, string? After)
{
    public override string ToString() => $"{Field}: {Before ?? "∅"} → {After ?? "∅"}";
}
