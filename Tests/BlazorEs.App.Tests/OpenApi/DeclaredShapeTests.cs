using System.Net;
using System.Text.Json;
using BlazorEs.App.Tests.Support;

namespace BlazorEs.App.Tests.OpenApi;

/// <summary>
/// Real answers against what the document declares for them: every property a schema declares (and every one it
/// requires) is in the JSON with a value of a declared type, and the JSON has no property the schema does not declare
/// (unless it allows any, as an event's stored data does).
/// </summary>
public sealed class DeclaredShapeTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();
    private HttpClient _client = default!;
    private JsonElement _document;

    public async ValueTask InitializeAsync()
    {
        _client = _factory.As("alice");
        _document = await _client.GetJsonAsync("/openapi/v1.json");
        await _client.CommandAsync("RegisterProduct", new { sku = "SH-1", name = "Shape", price = 2.5m });
        await _client.CommandAsync("ReceiveStock", new { sku = "SH-1", quantity = 5, reference = "PO-1" });
    }

    [Theory]
    [InlineData("/api/events", "/api/events")]
    [InlineData("/api/events?limit=1", "/api/events")]
    [InlineData("/api/streams/product-SH-1", "/api/streams/{streamId}")]
    [InlineData("/api/projections", "/api/projections")]
    [InlineData("/api/projections/StockLevels", "/api/projections/{name}")]
    [InlineData("/api/integrity", "/api/integrity")]
    [InlineData("/api/read-models/stock-levels", "/api/read-models/stock-levels")]
    [InlineData("/api/read-models/dashboard", "/api/read-models/dashboard")]
    [InlineData("/api/cluster", "/api/cluster")]
    [InlineData("/health/ready", "/health/ready")]
    public async Task TheAnswerHasWhatItsSchemaDeclares(string url, string path)
    {
        using var response = await _client.GetAsync(url, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {text}");
        var schema = Paths(path).GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");

        var problems = new List<string>();
        Match(JsonDocument.Parse(text).RootElement, schema, "$", problems);

        Assert.Empty(problems);
    }

    [Fact]
    public async Task AnEventsDataIsTheStoredObjectAndItsMetadataAnObjectAsDeclared()
    {
        var events = (await _client.GetJsonAsync("/api/events")).GetProperty("events");
        var schema = Resolve(Paths("/api/events").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var item = Resolve(Resolve(schema.GetProperty("properties").GetProperty("events")).GetProperty("items"));

        Assert.Equal("object", item.GetProperty("properties").GetProperty("data").GetProperty("type").GetString());
        Assert.All(events.EnumerateArray(), e => Assert.Equal(JsonValueKind.Object, e.GetProperty("data").ValueKind));
        Assert.Equal("SH-1", events[0].GetProperty("data").GetProperty("sku").GetString());
        Assert.Equal("alice", events[0].GetProperty("metadata").GetProperty("userId").GetString());
    }

    private JsonElement Paths(string path) => _document.GetProperty("paths").GetProperty(path);

    private JsonElement Resolve(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? Resolve(_document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..]))
            : schema;

    private void Match(JsonElement value, JsonElement schema, string at, List<string> problems)
    {
        schema = Resolve(schema);
        foreach (var combinator in new[] { "oneOf", "anyOf" })
        {
            if (!schema.TryGetProperty(combinator, out var options)) continue;
            // A nullable reference: null, or the one other branch.
            if (value.ValueKind == JsonValueKind.Null && options.EnumerateArray().Any(o => Types(Resolve(o)).Contains("null"))) return;
            var branch = options.EnumerateArray().Select(Resolve).FirstOrDefault(o => !Types(o).SequenceEqual(["null"]));
            if (branch.ValueKind == JsonValueKind.Object) Match(value, branch, at, problems);
            return;
        }

        var types = Types(schema);
        if (types.Count > 0 && !types.Contains(KindOf(value)) && !(KindOf(value) == "integer" && types.Contains("number")))
        {
            problems.Add($"{at} is {KindOf(value)}, declared {string.Join("|", types)}");
            return;
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var element in value.EnumerateArray()) Match(element, items, $"{at}[{i++}]", problems);
            return;
        }
        if (value.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties)) return;

        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(n => n.GetString()!).ToHashSet() : [];
        foreach (var property in properties.EnumerateObject())
        {
            if (!value.TryGetProperty(property.Name, out var actual))
            {
                problems.Add($"{at}.{property.Name} is declared{(required.Contains(property.Name) ? " and required" : "")} but missing");
                continue;
            }
            Match(actual, property.Value, $"{at}.{property.Name}", problems);
        }
        foreach (var name in required.Where(n => !properties.TryGetProperty(n, out _) && !value.TryGetProperty(n, out _)))
            problems.Add($"{at}.{name} is required but missing");
        var anyMore = schema.TryGetProperty("additionalProperties", out var more) && more.ValueKind != JsonValueKind.False;
        if (anyMore) return;
        foreach (var actual in value.EnumerateObject().Where(p => !properties.TryGetProperty(p.Name, out _)))
            problems.Add($"{at}.{actual.Name} is answered but not declared");
    }

    private static List<string> Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)]
        : [type.GetString()!];

    private static string KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }
}
