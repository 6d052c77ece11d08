using BlazorEs.App.Api;
using BlazorEs.Domain;
using BlazorEs.Infrastructure.Settings;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace BlazorEs.App.OpenApi;

/// <summary>
/// The API's OpenAPI document, generated from the mapped endpoints: each command is its own operation
/// (POST /api/commands/{Name}) whose request schema is its Domain record, plus the optional <c>commandId</c> and
/// <c>expectedVersion</c> every command body takes; errors are problem+json. Scalar renders it at /docs.
/// </summary>
internal static class ApiDocument
{
    public const string DocumentPath = "/openapi/v1.json";

    public static void AddApiDocument(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ApiDocsOptions>("ApiDocs", _ => null);
        builder.Services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "BlazorEs API",
                    Version = "v1",
                    Description = "Commands, events, read models, projections, replay and compensation of the BlazorEs warehouse. Errors are problem+json.",
                };
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer((document, _, _) =>
            {
                ErrorsAreProblems(document);
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer(CommandBodyOptions);
            o.AddSchemaTransformer(StoredEventShape.DescribeAsync);
            o.AddOperationTransformer(CommandQueryParameters);
        });
    }

    public static void MapApiDocument(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<ApiDocsOptions>().Enabled) return;
        // The document describes the API and holds no data: readable before signing in, like the sign-in endpoint it names.
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("BlazorEs API")).AllowAnonymous();
    }

    /// <summary>
    /// Every error answer is problem+json: a 4xx or 5xx declared without a body (the 401 and 403 of the bearer scheme, the
    /// 413 every body-taking operation may answer) gets the ProblemDetails schema the others have. The readiness 503
    /// keeps its own body (the health view).
    /// </summary>
    private static void ErrorsAreProblems(OpenApiDocument document)
    {
        if (document.Paths is null) return;
        foreach (var (method, operation) in document.Paths.Values.SelectMany(p => p.Operations ?? new Dictionary<HttpMethod, OpenApiOperation>()))
        {
            // ApiBodyLimit answers 413 for any API body over its limit, before the endpoint runs.
            if ((method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch) && operation.Responses is { } declared)
                declared.TryAdd("413", new OpenApiResponse { Description = $"The body is over {ApiBodyLimit.MaxBytes / 1024} KB." });
        }
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        foreach (var (status, response) in operation.Responses ?? new OpenApiResponses())
        {
            if (status.Length != 3 || status[0] is not ('4' or '5') || response is not OpenApiResponse { Content: null or { Count: 0 } } bare) continue;
            bare.Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(Microsoft.AspNetCore.Mvc.ProblemDetails), document) },
            };
        }
    }

    /// <summary>The body of every command also takes the command id (idempotency) and the expected version of its stream.</summary>
    private static Task CommandBodyOptions(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo is not null || !typeof(IWarehouseCommand).IsAssignableFrom(context.JsonTypeInfo.Type)) return Task.CompletedTask;
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["commandId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String | JsonSchemaType.Null,
            MaxLength = 64,
            Description = "Idempotency: a retried command id writes nothing and answers the first result (or the Idempotency-Key header).",
        };
        schema.Properties["expectedVersion"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer | JsonSchemaType.Null,
            Format = "int64",
            Minimum = "0",
            Description = "The version the command's stream must be at (0: a new stream); 409 otherwise.",
        };
        return Task.CompletedTask;
    }

    private static Task CommandQueryParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var path = context.Description.RelativePath ?? "";
        if (!path.StartsWith("api/commands/", StringComparison.Ordinal) || !CommandCatalog.TryFind(path["api/commands/".Length..], out _))
            return Task.CompletedTask;
        operation.Parameters ??= [];
        operation.Parameters.Add(Query("wait", JsonSchemaType.Boolean, "Answer once the read models show the command (202 if they did not in time)."));
        operation.Parameters.Add(Query("projections", JsonSchemaType.String, "With wait: the projections to wait for, comma-separated (all by default)."));
        operation.Parameters.Add(Query("timeoutMs", JsonSchemaType.Integer, "With wait: the longest wait, 1-30000 ms."));
        return Task.CompletedTask;
    }

    private static OpenApiParameter Query(string name, JsonSchemaType type, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description,
        Schema = new OpenApiSchema { Type = type },
    };
}
