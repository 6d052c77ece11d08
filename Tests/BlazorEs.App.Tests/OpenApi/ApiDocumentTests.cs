using System.Net;
using System.Reflection;
using System.Text.Json;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.OpenApi;

/// <summary>The OpenAPI document is generated from what is mapped: nothing of the API is missing, each command has its record's schema.</summary>
public sealed class ApiDocumentTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();
    private JsonElement _document;

    public async ValueTask InitializeAsync()
    {
        using var client = _factory.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
    }

    private JsonElement Paths => _document.GetProperty("paths");

    [Fact]
    public void EveryMappedApiAndHealthEndpointIsInTheDocument()
    {
        var mapped = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && (p.StartsWith("/api/", StringComparison.Ordinal) || p.StartsWith("/health", StringComparison.Ordinal)))
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Path: e.RoutePattern.RawText!.Length > 1 ? e.RoutePattern.RawText!.TrimEnd('/') : e.RoutePattern.RawText!, Method: m.ToLowerInvariant())))
            .ToList();

        Assert.True(mapped.Count > 20, $"only {mapped.Count} endpoints found");
        var missing = mapped.Where(e => !(Paths.TryGetProperty(e.Path, out var item) && item.TryGetProperty(e.Method, out _))).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void EveryCommandIsItsOwnTaggedOperationAnsweringProblemJson()
    {
        foreach (var name in CommandCatalog.Names)
        {
            var operation = Paths.GetProperty($"/api/commands/{name}").GetProperty("post");
            Assert.Equal(name, operation.GetProperty("operationId").GetString());
            Assert.Contains("Commands", operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            var responses = operation.GetProperty("responses");
            Assert.True(responses.GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _), name);
            foreach (var status in new[] { "400", "404", "409", "422" })
                Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), $"{name} {status}");
        }
    }

    [Fact]
    public void EachCommandsRequestSchemaHasItsRecordsPropertiesAndTheCommandOptions()
    {
        var schemas = _document.GetProperty("components").GetProperty("schemas");
        foreach (var name in CommandCatalog.Names)
        {
            CommandCatalog.TryFind(name, out var type);
            var body = Paths.GetProperty($"/api/commands/{name}").GetProperty("post").GetProperty("requestBody")
                .GetProperty("content").GetProperty("application/json").GetProperty("schema");
            var schema = Resolve(schemas, body);
            var documented = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
            var expected = RecordProperties(type).Append("commandId").Append("expectedVersion").Order().ToList();

            Assert.Equal(expected, documented);
        }
    }

    [Fact]
    public void PlaceOrderDocumentsItsCustomerAndLines()
    {
        var schemas = _document.GetProperty("components").GetProperty("schemas");
        var schema = Resolve(schemas, Paths.GetProperty("/api/commands/PlaceOrder").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema"));

        Assert.True(schema.GetProperty("properties").TryGetProperty("customer", out _));
        var lines = schema.GetProperty("properties").GetProperty("lines");
        Assert.Contains("array", lines.GetProperty("type").ToString());
    }

    [Fact]
    public void TheClusterStatusDocumentsItsInstanceProjectorAndInstances()
    {
        var schemas = _document.GetProperty("components").GetProperty("schemas");
        var schema = Resolve(schemas, Paths.GetProperty("/api/cluster").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema"));

        var documented = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["instanceId", "projector", "instances"], documented);
    }

    /// <summary>Every operation in the document, as (method path, operation).</summary>
    private IEnumerable<(string Name, JsonElement Operation)> Operations() =>
        Paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch")
            .Select(o => ($"{o.Name.ToUpperInvariant()} {p.Name}", o.Value)));

    [Fact]
    public void EveryOperationDeclaresItsSuccessWithATypedSchema()
    {
        var schemas = _document.GetProperty("components").GetProperty("schemas");
        var untyped = new List<string>();
        foreach (var (name, operation) in Operations())
        {
            var success = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            var typed = success.Any(r => r.Value.TryGetProperty("content", out var content)
                && content.EnumerateObject().Any(m => m.Value.TryGetProperty("schema", out var schema) && IsTyped(schemas, schema)));
            if (!typed) untyped.Add(name);
        }

        Assert.True(Operations().Count() > 20);
        Assert.Empty(untyped);
    }

    [Fact]
    public void EveryErrorResponseIsProblemJson()
    {
        var wrong = new List<string>();
        foreach (var (name, operation) in Operations())
        foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
        {
            if (IsReadinessAnswer(name, response.Name)) continue;
            var media = response.Value.TryGetProperty("content", out var content) ? content.EnumerateObject().Select(m => m.Name).ToList() : [];
            if (media is not ["application/problem+json"]) wrong.Add($"{name} {response.Name}: [{string.Join(", ", media)}]");
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public void ReadinessAnswersItsHealthViewAlsoWhenNotReady()
    {
        foreach (var path in new[] { "/health/ready", "/health" })
        {
            var responses = Paths.GetProperty(path).GetProperty("get").GetProperty("responses");
            var ok = responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
            var notReady = responses.GetProperty("503").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
            Assert.Equal("#/components/schemas/HealthView", ok);
            Assert.Equal(ok, notReady);
        }
    }

    [Fact]
    public void EveryOperationHasAOneLineSummary()
    {
        var missing = Operations().Where(o => !o.Operation.TryGetProperty("summary", out var s) || s.GetString() is not { Length: > 0 } text || text.Contains('\n') || text.Length > 120)
            .Select(o => o.Name).ToList();

        Assert.Empty(missing);
    }

    private static bool IsReadinessAnswer(string operation, string status) => status == "503" && operation is "GET /health/ready" or "GET /health";

    /// <summary>A schema that says something: a reference, a type, items or properties (an empty schema says "anything").</summary>
    private static bool IsTyped(JsonElement schemas, JsonElement schema)
    {
        var resolved = Resolve(schemas, schema);
        return resolved.TryGetProperty("type", out _) || resolved.TryGetProperty("properties", out _) || resolved.TryGetProperty("items", out _)
               || resolved.TryGetProperty("oneOf", out _) || resolved.TryGetProperty("anyOf", out _);
    }

    [Fact]
    public async Task TheInteractiveReferenceIsServedAtDocs()
    {
        using var client = _factory.CreateClient();
        using var response = await client.GetAsync("/docs/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("BlazorEs API", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The record's properties as the API's JSON spells them (camelCase), leaving out what is computed (no setter, not a constructor parameter).</summary>
    private static IEnumerable<string> RecordProperties(Type type)
    {
        var parameters = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters()
            .Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => parameters.Contains(p.Name) && p.Name != "EqualityContract")
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));
    }

    private static JsonElement Resolve(JsonElement schemas, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? schemas.GetProperty(reference.GetString()!["#/components/schemas/".Length..])
            : schema;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
