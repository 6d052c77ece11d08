using System.Text.Json;
using System.Text.Json.Nodes;

namespace BlazorEs.App.Components.Pages.Timeline;

/// <summary>What a timeline row shows of an event besides its fields: the type's colour and a readable data preview.</summary>
internal static class TimelineRowText
{
    public static string TypeClass(string type) => type switch
    {
        var t when t.StartsWith("Order", StringComparison.Ordinal) => "event-type-order",
        var t when t.StartsWith("Stock", StringComparison.Ordinal) || t.StartsWith("Reservation", StringComparison.Ordinal) => "event-type-stock",
        var t when t.StartsWith("Projection", StringComparison.Ordinal) => "event-type-operator",
        _ => "event-type-product",
    };

    /// <summary>"sku: A1, quantity: 100" rather than raw JSON.</summary>
    public static string Preview(string data)
    {
        try
        {
            if (JsonNode.Parse(data) is not JsonObject fields) return data;
            return string.Join(", ", fields.Select(p => $"{p.Key}: {(p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : p.Value?.ToJsonString())}"));
        }
        catch (JsonException)
        {
            return data;
        }
    }
}
