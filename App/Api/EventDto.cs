using System.Text.Json;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.App.Api;

/// <summary>An event as the API shows it: data as stored JSON, metadata as written.</summary>
internal sealed record EventDto(
    long Position,
    string EventId,
    string StreamId,
    long StreamVersion,
    string Type,
    int SchemaVersion,
    DateTime RecordedAt,
    JsonElement Data,
    EventMetadata Metadata)
{
    public static EventDto From(StoredEvent e) => new(
        e.Position, e.EventId, e.StreamId, e.StreamVersion, e.Type, e.SchemaVersion, e.RecordedAt,
        JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), ApiJson.Output), e.Metadata);
}
