using System.Text.Json;
using BlazorEs.App.Tests.Support;

namespace BlazorEs.App.Tests.Auth;

/// <summary>The OpenAPI document says how to sign in: a bearer scheme, required by every operation except the open ones.</summary>
public sealed class ApiDocumentSecurityTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string[] Open = ["/api/auth/login", "/api/auth/refresh", "/health", "/health/live", "/health/ready"];

    [Fact]
    public async Task TheDocumentDeclaresTheBearerSchemeAndEveryGuardedOperationRequiresIt()
    {
        using var client = api.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).RootElement;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var guarded = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var requires = operation.Value.TryGetProperty("security", out var security)
                    && security.EnumerateArray().Any(r => r.TryGetProperty("Bearer", out _));
                if (Open.Contains(path.Name))
                {
                    Assert.False(requires, $"{operation.Name} {path.Name} is open but requires a token");
                    continue;
                }
                Assert.True(requires, $"{operation.Name} {path.Name} does not declare the bearer scheme");
                Assert.True(operation.Value.GetProperty("responses").TryGetProperty("401", out _), $"{operation.Name} {path.Name} has no 401");
                guarded++;
            }
        }
        Assert.True(guarded > 20, $"only {guarded} guarded operations");
    }
}
