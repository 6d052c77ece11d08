using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BlazorEs.Infrastructure.ReadModels.RowHistory;
using MudBlazor;

namespace BlazorEs.App.Components.Shared;

/// <summary>How the row-history drawer words its entries: field names, values, times and links.</summary>
public static partial class RowHistoryFormat
{
    /// <summary>Fields every event of a row moves (the entry's header already says when, who and which version), and the key the drawer is titled with.</summary>
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal) { "lastChangedAt", "lastChangedBy", "streamVersion", "position", "key" };

    public static bool IsBookkeeping(string field) => Bookkeeping.Contains(field);

    /// <summary>"onHand" → "On hand".</summary>
    public static string FieldName(string field)
    {
        var words = Words().Replace(field, " $1").ToLowerInvariant();
        return words.Length == 0 ? field : char.ToUpperInvariant(words[0]) + words[1..];
    }

    public static string Value(JsonNode? value) => value switch
    {
        null => "—",
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.TryGetValue<DateTime>(out var at) => Exact(at),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } text ? text : "(empty)",
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "yes",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "no",
        _ => value.ToJsonString(),
    };

    public static string Short(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Exact(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);

    public static Color ChipColor(RowChangeKind change) => change switch
    {
        RowChangeKind.Created => Color.Success,
        RowChangeKind.Removed => Color.Error,
        _ => Color.Default,
    };

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex Words();
}
