using System.Text.Json;
using System.Text.Json.Serialization;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.App.Api;

/// <summary>
/// An event as the HTTP API writes it: <c>data</c> is the stored JSON written as it is (an object, never re-encoded,
/// never a string), <c>metadata</c> an object. Only the API writes this shape; LiveHub's messages keep the record's
/// own serialization (data as a string, as its clients have always read it).
/// </summary>
internal sealed class RecordedEventJson : JsonConverter<RecordedEvent>
{
    /// <summary>The API's output options with this converter: what the event endpoints answer with.</summary>
    public static readonly JsonSerializerOptions Options = new(ApiJson.Output) { Converters = { new RecordedEventJson() } };

    public override RecordedEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The API only writes events.");

    public override void Write(Utf8JsonWriter writer, RecordedEvent value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("position", value.Position);
        writer.WriteString("eventId", value.EventId);
        writer.WriteString("streamId", value.StreamId);
        writer.WriteNumber("streamVersion", value.StreamVersion);
        writer.WriteString("type", value.Type);
        writer.WriteNumber("schemaVersion", value.SchemaVersion);
        writer.WriteString("recordedAt", value.RecordedAt);
        writer.WritePropertyName("data");
        // Checked as it is copied (a reader pass, no objects): a damaged row fails this response, not the client's parser.
        writer.WriteRawValue(value.Data);
        writer.WriteStartObject("metadata");
        writer.WriteString("userId", value.UserId);
        writer.WriteString("commandName", value.CommandName);
        writer.WriteString("commandId", value.CommandId);
        writer.WriteString("correlationId", value.CorrelationId);
        writer.WriteString("causationId", value.CausationId);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
