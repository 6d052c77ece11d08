namespace BlazorEs.Infrastructure.Accounts;

/// <summary>
/// An account change's audit event, written in the same accounts transaction as the change itself and removed once
/// the event store holds it (appended under <see cref="CommandId"/>, so a second append of the same row writes
/// nothing). A row still here at start is a change whose event a crash held back: it is appended then.
/// </summary>
public sealed class PendingAccountEvent
{
    public string CommandId { get; set; } = "";
    public string Type { get; set; } = "";
    public int SchemaVersion { get; set; }
    public string Data { get; set; } = "";
    public string UserId { get; set; } = "";
    public string CommandName { get; set; } = "";
    public string CorrelationId { get; set; } = "";
    public DateTime RecordedAt { get; set; }
}
