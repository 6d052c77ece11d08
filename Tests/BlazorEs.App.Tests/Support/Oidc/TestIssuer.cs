using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BlazorEs.App.Tests.Support.Oidc;

/// <summary>
/// A real OpenID Connect issuer for the sign-in tests: OpenIddict's server on its own Kestrel port (127.0.0.1:0) with
/// its EF Core stores on a temp SQLite file, the authorization code flow with PKCE required, one confidential client,
/// ephemeral signing and encryption keys, and a userinfo endpoint. Its "login" is <see cref="NextUser"/>: the test
/// says who signs in next (or null, and the issuer refuses with access_denied), as a person at its login form would.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    public const string ClientId = "blazores-console";
    public const string ClientSecret = "test-only-client-secret-0123456789";

    private static readonly string Scheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "blazores-issuer", Guid.NewGuid().ToString("N"));
    private WebApplication _app = default!;

    private TestIssuer()
    {
    }

    /// <summary>Who the next authorization request signs in; null: the user refuses (access_denied back to the client).</summary>
    public IssuedUser? NextUser { get; set; }

    /// <summary>The issuer's address, e.g. http://127.0.0.1:41234 (its metadata is at /.well-known/openid-configuration).</summary>
    public Uri Address { get; private set; } = default!;

    public static async Task<TestIssuer> StartAsync()
    {
        var issuer = new TestIssuer();
        await issuer.RunAsync();
        return issuer;
    }

    private async Task RunAsync()
    {
        Directory.CreateDirectory(_folder);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _folder, EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<IssuerDb>(o =>
        {
            o.UseSqlite($"Data Source={Path.Combine(_folder, "issuer.db")}");
            o.UseOpenIddict();
        });
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<IssuerDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.Email, Scopes.Profile, Scopes.Roles);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .DisableTransportSecurityRequirement(); // plain http on loopback, as the app's RequireHttpsMetadata=false allows
            });

        _app = builder.Build();
        _app.UseAuthentication(); // OpenIddict reads and checks each request here before the passthrough endpoints below
        _app.MapMethods("/connect/authorize", ["GET", "POST"], Authorize);
        // As Delegate: a method taking only HttpContext would otherwise bind as a RequestDelegate and its result be dropped.
        _app.MapPost("/connect/token", (Delegate)ExchangeAsync);
        _app.MapMethods("/connect/userinfo", ["GET", "POST"], (Delegate)UserInfoAsync);

        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IssuerDb>().Database.EnsureCreatedAsync();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.TrimEnd('/'));
    }

    /// <summary>Lets the console sign in here, coming back to <paramref name="redirectUri"/> (its /signin-oidc).</summary>
    public async Task RegisterClientAsync(Uri redirectUri)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "BlazorEs console (tests)",
            RedirectUris = { redirectUri },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email, Permissions.Scopes.Profile, Permissions.Scopes.Roles,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    /// <summary>The issuer's stored tokens (authorization codes, access and id tokens) as (type, status, subject).</summary>
    public async Task<IReadOnlyList<(string? Type, string? Status, string? Subject)>> TokensAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var found = new List<(string?, string?, string?)>();
        await foreach (var token in tokens.ListAsync(count: null, offset: null, TestContext.Current.CancellationToken))
            found.Add((await tokens.GetTypeAsync(token), await tokens.GetStatusAsync(token), await tokens.GetSubjectAsync(token)));
        return found;
    }

    private IResult Authorize(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (NextUser is not { } user)
            return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The user declined to sign in.",
            }), [Scheme]);

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Subject);
        if (user.PreferredUserName is { } name) identity.SetClaim(Claims.PreferredUsername, name);
        if (user.Email is { } email) identity.SetClaim(Claims.Email, email);
        identity.SetClaims(Claims.Role, [.. user.Roles]);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, authenticationScheme: Scheme);
    }

    /// <summary>The code (checked by OpenIddict: client, secret, PKCE verifier, not redeemed before) becomes tokens with the same claims.</summary>
    private static async Task<IResult> ExchangeAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(Scheme);
        if (result.Principal is not { } principal) return Results.Forbid(authenticationSchemes: [Scheme]);
        var identity = new ClaimsIdentity(principal.Claims, TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, authenticationScheme: Scheme);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(Scheme);
        if (result.Principal is not { } principal) return Results.Challenge(authenticationSchemes: [Scheme]);
        var claims = new Dictionary<string, object> { [Claims.Subject] = principal.GetClaim(Claims.Subject)! };
        if (principal.GetClaim(Claims.PreferredUsername) is { } name) claims[Claims.PreferredUsername] = name;
        if (principal.GetClaim(Claims.Email) is { } email) claims[Claims.Email] = email;
        if (principal.GetClaims(Claims.Role) is { Length: > 0 } roles) claims[Claims.Role] = roles.ToArray();
        return Results.Json(claims);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The test issuer's OpenIddict applications, authorizations and tokens (a redeemed code is remembered here).</summary>
internal sealed class IssuerDb(DbContextOptions<IssuerDb> options) : DbContext(options);
