using System.Text.Json;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.App.Live;

/// <summary>An event as the live channel carries it: enough to show it and to update a view without a reload.</summary>
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

/// <summary>A projection's changed rows since the last message (AllChanged: reload the whole view).</summary>
public sealed record ReadModelChange(string Projection, IReadOnlyList<string> Keys, bool AllChanged, long Position);

/// <summary>The names of the hub's messages, shared by the server and every client.</summary>
public static class LiveMessageNames
{
    public const string EventsAppended = "EventsAppended";
    public const string ReadModelsChanged = "ReadModelsChanged";
    public const string HubPath = "/hubs/live";
}
