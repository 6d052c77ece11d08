using System.Text.Json;
using System.Text.Json.Nodes;

namespace BlazorEs.Infrastructure.Streams;

/// <summary>Field-by-field differences between two JSON states: objects and arrays are walked, values compared.</summary>
public static class StateDiff
{
    public static IReadOnlyList<FieldChange> Between(JsonNode? before, JsonNode? after)
    {
        var changes = new List<FieldChange>();
        Walk("", before, after, changes);
        return changes;
    }

    private static void Walk(string path, JsonNode? before, JsonNode? after, List<FieldChange> changes)
    {
        if (before is JsonObject b && after is JsonObject a)
        {
            foreach (var name in a.Select(p => p.Key).Concat(b.Select(p => p.Key)).Distinct())
                Walk(Join(path, name), b[name], a[name], changes);
        }
        else if (before is JsonArray ba && after is JsonArray aa)
        {
            for (var i = 0; i < Math.Max(ba.Count, aa.Count); i++)
                Walk($"{path}[{i}]", i < ba.Count ? ba[i] : null, i < aa.Count ? aa[i] : null, changes);
        }
        else if (!JsonNode.DeepEquals(before, after))
        {
            changes.Add(new FieldChange(path, Show(before), Show(after)));
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>Strings as they are (an empty one as ""), everything else as compact JSON.</summary>
    private static string? Show(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } text ? text : "\"\"",
        _ => node.ToJsonString(),
    };
}
