using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BlazorEs.App.Auth;

/// <summary>
/// The API document declares how to authenticate: a "Bearer" HTTP scheme (Identity's tokens from POST /api/auth/login)
/// required by every operation that does not allow anonymous callers, each of which may answer 401 and 403.
/// </summary>
internal static class BearerInApiDocument
{
    public const string SchemeName = "Bearer";

    /// <summary>Adds the transformers to the API's document ("v1", mapped by the OpenApi folder).</summary>
    public static void AddBearerToApiDocument(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The accessToken of POST /api/auth/login (renew with POST /api/auth/refresh), sent as Authorization: Bearer <token>.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
                operation.Responses ??= [];
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No or an expired bearer token (problem+json)." });
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Signed in, but the role does not allow this (problem+json)." });
                return Task.CompletedTask;
            });
        });
}
