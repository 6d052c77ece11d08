namespace BlazorEs.Infrastructure.EventStore;

/// <summary>The first result of each command id, written in the same commit as its events: a retry returns it.</summary>
public sealed class CommandRecord
{
    public string CommandId { get; set; } = "";
    public string CommandName { get; set; } = "";
    public string CorrelationId { get; set; } = "";
    public string Result { get; set; } = "";
    public DateTime RecordedAt { get; set; }
}
