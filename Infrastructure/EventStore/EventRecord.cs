namespace BlazorEs.Infrastructure.EventStore;

/// <summary>One row of the append-only Events table. Never updated, never deleted (the database refuses both).</summary>
public sealed class EventRecord
{
    public long Position { get; set; }
    public string EventId { get; set; } = "";
    public string StreamId { get; set; } = "";
    public long StreamVersion { get; set; }
    public string Type { get; set; } = "";
    public int SchemaVersion { get; set; }
    public string Data { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    public string UserId { get; set; } = "";
    public string CommandName { get; set; } = "";
    public string CommandId { get; set; } = "";
    public string CorrelationId { get; set; } = "";
    public string CausationId { get; set; } = "";

    /// <summary>The hash of the event before this one (32 zero bytes for the first): the chain's link, see <see cref="Integrity.EventHash"/>.</summary>
    public byte[]? PreviousHash { get; set; }

    /// <summary>SHA-256 over this event's canonical content and <see cref="PreviousHash"/>; null only before the chain reached it.</summary>
    public byte[]? Hash { get; set; }
}
