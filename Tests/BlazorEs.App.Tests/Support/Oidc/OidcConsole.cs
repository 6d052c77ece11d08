using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.EventStore;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Support.Oidc;

/// <summary>
/// The console on a real Kestrel port with OpenID Connect pointed at a <see cref="TestIssuer"/> on another port: the
/// handler reads the issuer's metadata and keys, redeems codes and calls userinfo over real HTTP. The issuer's role
/// claim values console-viewers / -auditors / -operators / -admins map to the four roles. One per test class.
/// </summary>
public sealed class OidcConsole : IAsyncLifetime
{
    public const string DisplayName = "Test issuer";

    public TestIssuer Issuer { get; private set; } = default!;

    public ApiFactory App { get; private set; } = default!;

    /// <summary>The console's address, e.g. http://127.0.0.1:41235.</summary>
    public Uri Address { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Issuer = await TestIssuer.StartAsync();
        App = new ApiFactory { Settings = Settings(Issuer.Address) };
        App.UseKestrel(0);
        App.StartServer();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
        Address = new Uri(address);
        await Issuer.RegisterClientAsync(new Uri(Address, "/signin-oidc"));
    }

    public static Dictionary<string, string> Settings(Uri issuer) => new()
    {
        ["Auth:Oidc:Authority"] = issuer.ToString(),
        ["Auth:Oidc:ClientId"] = TestIssuer.ClientId,
        ["Auth:Oidc:ClientSecret"] = TestIssuer.ClientSecret,
        ["Auth:Oidc:RequireHttpsMetadata"] = "false",
        ["Auth:Oidc:DisplayName"] = DisplayName,
        ["Auth:Oidc:RoleMap:console-viewers"] = ConsoleRoles.Viewer,
        ["Auth:Oidc:RoleMap:console-auditors"] = ConsoleRoles.Auditor,
        ["Auth:Oidc:RoleMap:console-operators"] = ConsoleRoles.Operator,
        ["Auth:Oidc:RoleMap:console-admins"] = ConsoleRoles.Admin,
    };

    /// <summary>Clicks "Sign in with …" on the console's sign-in page as <paramref name="user"/> (null: the user refuses at the issuer) and follows where it leads.</summary>
    public async Task<BrowsedPage> SignInAsync(OidcBrowser browser, IssuedUser? user, string returnUrl = "/", Func<Uri, bool>? stopBefore = null)
    {
        Issuer.NextUser = user;
        return await browser.OpenAsync(new Uri(Address, $"/account/login/oidc?returnUrl={Uri.EscapeDataString(returnUrl)}"), stopBefore);
    }

    /// <summary>The local account of <paramref name="userName"/>: its role(s) and the issuer logins linked to it; null when there is none.</summary>
    public async Task<(IList<string> Roles, IList<UserLoginInfo> Logins)?> AccountAsync(string userName)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByNameAsync(userName) is not { } user) return null;
        return (await users.GetRolesAsync(user), await users.GetLoginsAsync(user));
    }

    /// <summary>The accounts audit stream, read from the store directly.</summary>
    public async Task<IReadOnlyList<StoredEvent>> AuditAsync() =>
        await App.Services.GetRequiredService<EventReader>().ReadStreamAsync(AccountStreams.Audit, 1, 10_000, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
