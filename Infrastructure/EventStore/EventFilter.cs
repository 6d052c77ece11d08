namespace BlazorEs.Infrastructure.EventStore;

/// <summary>What the timeline and the events API narrow by; null means "any".</summary>
public sealed record EventFilter(
    string? StreamId = null,
    string? Type = null,
    string? UserId = null,
    string? CorrelationId = null,
    DateTime? From = null,
    DateTime? To = null)
{
    public static readonly EventFilter None = new();
}

/// <summary>A page of events and the cursor of the next one (null when there is none).</summary>
public sealed record EventPage(IReadOnlyList<RecordedEvent> Events, long? Next);
