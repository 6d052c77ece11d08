using System.Net;
using System.Net.Sockets;
using BlazorEs.App.Auth.Oidc;
using BlazorEs.App.Tests.Support;
using BlazorEs.App.Tests.Support.Oidc;
using BlazorEs.Infrastructure.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorEs.App.Tests.Auth.Oidc;

/// <summary>Auth:Oidc at start: a wrong value stops the console with a message naming its key; the role mapping; an issuer that cannot be reached.</summary>
public sealed class OidcOptionsTests
{
    private static Dictionary<string, string> Valid() => OidcConsole.Settings(new Uri("https://issuer.example/realms/ops"));

    public static TheoryData<string, string?, string> WrongSettings() => new()
    {
        { "Auth:Oidc:Authority", "http://issuer.example", "Auth:Oidc:Authority" }, // http while RequireHttpsMetadata is true
        { "Auth:Oidc:Authority", "issuer.example", "Auth:Oidc:Authority" },
        { "Auth:Oidc:ClientId", null, "Auth:Oidc:ClientId" },
        { "Auth:Oidc:ClientSecret", null, "Auth:Oidc:ClientSecret" },
        { "Auth:Oidc:RoleMap:console-admins", "superuser", "Auth:Oidc:RoleMap:console-admins" },
        { "Auth:Oidc:DefaultRole", "guest", "Auth:Oidc:DefaultRole" },
    };

    /// <summary>The built app as a real process in Production: exit code 1 and one stderr line naming the key, no stack trace.</summary>
    [Theory]
    [MemberData(nameof(WrongSettings))]
    public async Task AWrongSettingStopsStartUpWithAMessageNamingItsKey(string key, string? value, string named)
    {
        var settings = Valid();
        settings["Auth:Oidc:RequireHttpsMetadata"] = "true";
        settings["Integrity:SigningKey"] = "dGVzdC1vbmx5IGludGVncml0eSBrZXkgMzIgYnl0ZXM=";
        if (value is null) settings.Remove(key);
        else settings[key] = value;
        var folder = Path.Combine(Path.GetTempPath(), "blazores-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var (exit, stdout, stderr) = await BuiltAppStart.RunUntilExitAsync(folder, settings);

            Assert.Equal(1, exit);
            Assert.Contains("BlazorEs did not start: ", stderr, StringComparison.Ordinal);
            Assert.Contains(named, stderr, StringComparison.Ordinal);
            BuiltAppStart.AssertNoStackTrace(stdout, stderr);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void WithoutAnAuthorityOpenIdConnectIsOffAndNothingElseIsChecked()
    {
        var options = new OidcOptions { ClientId = null, RoleMap = { ["x"] = "not-a-role" } };

        Assert.False(options.Enabled);
        Assert.Null(options.Validate());
    }

    [Fact]
    public void AnEmptyRoleMapWithoutADefaultRoleIsRefusedBecauseNobodyCouldSignIn()
    {
        var options = new OidcOptions { Authority = "https://issuer.example", ClientId = "c", ClientSecret = "s" };

        Assert.Contains("Auth:Oidc:RoleMap", options.Validate(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "console-viewers" }, ConsoleRoles.Viewer)]
    [InlineData(new[] { "console-viewers", "console-admins", "console-operators" }, ConsoleRoles.Admin)]
    [InlineData(new[] { "interns", "console-auditors" }, ConsoleRoles.Auditor)]
    [InlineData(new[] { "CONSOLE-ADMINS" }, null)] // values are compared exactly
    [InlineData(new string[0], null)]
    public void TheStrongestMappedRoleCounts(string[] claims, string? expected)
    {
        var options = new OidcOptions
        {
            RoleMap = { ["console-viewers"] = "viewer", ["console-auditors"] = "auditor", ["console-operators"] = "operator", ["console-admins"] = "admin" },
        };

        Assert.Equal(expected, options.MapRole(claims));
    }

    [Fact]
    public void AnUnmappedUserGetsTheDefaultRoleWhenOneIsSet()
    {
        var options = new OidcOptions { RoleMap = { ["console-admins"] = "admin" }, DefaultRole = "viewer" };

        Assert.Equal(ConsoleRoles.Viewer, options.MapRole(["interns"]));
        Assert.Equal(ConsoleRoles.Admin, options.MapRole(["interns", "console-admins"]));
    }

    [Fact]
    public async Task AnIssuerThatCannotBeReachedEndsOnTheSignInPageWithAMessage()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        await using var api = new ApiFactory { Settings = OidcConsole.Settings(new Uri($"http://127.0.0.1:{port}")) };
        using var client = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/account/login/oidc?returnUrl=%2Forders", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/account/login?oidcError={OidcErrors.Unavailable}&returnUrl=%2Forders", response.Headers.Location?.OriginalString);
    }
}
