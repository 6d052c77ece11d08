using BlazorEs.App.Api;
using BlazorEs.Infrastructure.EventStore;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BlazorEs.App.OpenApi;

/// <summary>
/// An event as the event endpoints write it (<see cref="RecordedEventJson"/>), not as the record's properties would
/// be: <c>data</c> is the stored JSON passed through unchanged — an object of the event type's fields, whatever the
/// type — and <c>metadata</c> an object. The wire format stays; the document says what it is.
/// </summary>
internal static class StoredEventShape
{
    public static Task DescribeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo is not null || context.JsonTypeInfo.Type != typeof(RecordedEvent)) return Task.CompletedTask;
        schema.Type = JsonSchemaType.Object;
        schema.Description = "An event: where it is, what it is, its data as stored and where it came from.";
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["position"] = Integer("int64", "The global position in the log."),
            ["eventId"] = Text("The event's id (UUIDv7)."),
            ["streamId"] = Text("The stream it belongs to, e.g. product-WIDGET-1."),
            ["streamVersion"] = Integer("int64", "Its version in the stream (1, 2, ...)."),
            ["type"] = Text("The stored type name, e.g. StockReceived."),
            ["schemaVersion"] = Integer("int32", "The schema version it was stored at."),
            ["recordedAt"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "When it was recorded (UTC)." },
            ["data"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema(), // any field of any type
                Description = "The event's fields as the stored JSON, passed through unchanged: their names and types are the event type's.",
            },
            ["metadata"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Where it came from.",
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["userId"] = Text("The signed-in user whose command recorded it."),
                    ["commandName"] = Text("The command's name."),
                    ["commandId"] = Text("The command's id (idempotency)."),
                    ["correlationId"] = Text("The conversation it belongs to."),
                    ["causationId"] = Text("What caused it."),
                },
                Required = new HashSet<string> { "userId", "commandName", "commandId", "correlationId", "causationId" },
            },
        };
        schema.Required = new HashSet<string>(schema.Properties.Keys);
        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Integer(string format, string description) => new() { Type = JsonSchemaType.Integer, Format = format, Description = description };
}
