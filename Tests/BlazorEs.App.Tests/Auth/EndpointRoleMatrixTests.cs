using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using BlazorEs.App.Auth;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Auth;

/// <summary>
/// Every endpoint the app maps, read from its own endpoint table: each names one of the console's policies or allows
/// anonymous callers on purpose, and every API and hub endpoint answers anonymous callers 401, a role outside its
/// policy 403 and a role inside it neither (never a 500) — so an endpoint added without a policy fails here.
/// </summary>
public sealed partial class EndpointRoleMatrixTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>
    /// Endpoints open to anyone, each for a reason: signing in and out, the error page, probes (health), scrapers
    /// (metrics) and the API's description (the OpenAPI document and Scalar's reference under /docs), which hold no data.
    /// </summary>
    private static readonly string[] OpenOnPurpose =
    [
        "/api/auth/login", "/api/auth/refresh", "/account/logout", "/account/login", "/account/denied", "/Error",
        "/health", "/health/live", "/health/ready", "/metrics", "/openapi/{documentName}.json",
    ];

    private static bool IsOpenOnPurpose(RouteEndpoint e) =>
        AllowsAnonymous(e) && (OpenOnPurpose.Contains(Path(e)) || Path(e).StartsWith("/docs/", StringComparison.Ordinal));

    [Fact]
    public void EveryEndpointNamesAConsolePolicyOrIsOpenOnPurpose()
    {
        var unguarded = Endpoints()
            .Where(e => Policies(e) is [] && !IsStaticAsset(e) && !IsStaticFileFallback(e) && !IsOpenOnPurpose(e))
            .Select(Describe)
            .ToList();

        Assert.True(unguarded.Count == 0, "Endpoints without a console policy:\n" + string.Join("\n", unguarded));
        Assert.All(Endpoints().SelectMany(Policies), p => Assert.Contains(p, ConsolePolicies.Names));
    }

    public static TheoryData<string> Callers() => new(new[] { "anonymous" }.Concat(ConsoleRoles.All));

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EveryApiAndHubEndpointAnswersEachCallerAsItsPolicySays(string caller)
    {
        var client = caller == "anonymous" ? api.CreateClient() : api.AsRole(caller);
        var wrong = new List<string>();
        var routes = Endpoints().Where(e => Path(e).StartsWith("/api", StringComparison.Ordinal) || Path(e).StartsWith("/hubs", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(routes);

        foreach (var endpoint in routes)
        {
            foreach (var method in Methods(endpoint))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), Fill(Path(endpoint)));
                if (method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var expected = Expected(endpoint, caller);
                var ok = expected switch
                {
                    401 or 403 => status == expected,
                    _ => status is not (401 or 403) && status < 500,
                };
                if (!ok) wrong.Add($"{method} {Path(endpoint)} as {caller}: {status}, expected {(expected == 0 ? "allowed" : expected)}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>401 for nobody, 403 for a role outside every policy the endpoint names, 0 for allowed.</summary>
    private static int Expected(RouteEndpoint endpoint, string caller)
    {
        if (AllowsAnonymous(endpoint)) return 0;
        if (caller == "anonymous") return 401;
        var policies = Policies(endpoint);
        return policies.Count == 0 || policies.All(p => ConsoleRoles.RoleAllows(caller, p)) ? 0 : 403;
    }

    private List<RouteEndpoint> Endpoints() =>
        [.. api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    private static List<string> Policies(Endpoint e) =>
        [.. e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct()];

    private static bool AllowsAnonymous(Endpoint e) => e.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    /// <summary>MapStaticAssets: the fingerprinted files of wwwroot and the framework, open to the sign-in page.</summary>
    private static bool IsStaticAsset(Endpoint e) =>
        AllowsAnonymous(e) && e.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor");

    /// <summary>Development's fallback for files outside the static-asset manifest: no metadata of its own, the fallback policy (a signed-in viewer) guards it.</summary>
    private static bool IsStaticFileFallback(RouteEndpoint e) => e.DisplayName == "Fallback {**path:file}";

    private static string Path(RouteEndpoint e) => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');

    private static IEnumerable<string> Methods(Endpoint e) => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    private static string Describe(RouteEndpoint e) => $"{string.Join(",", Methods(e))} {Path(e)} ({e.DisplayName})";

    private static string Fill(string path) => Parameter().Replace(path, "x");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
