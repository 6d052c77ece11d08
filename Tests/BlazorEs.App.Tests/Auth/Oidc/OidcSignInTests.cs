using BlazorEs.App.Auth.Oidc;
using BlazorEs.App.Tests.Support;
using BlazorEs.App.Tests.Support.Oidc;
using BlazorEs.Infrastructure.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Auth.Oidc;

/// <summary>
/// Signing in at a real OpenID Connect issuer (OpenIddict on its own port) into the console on a real Kestrel port:
/// a local account is provisioned and kept at the issuer's role, each change is an audit event, and every refusal
/// ends on the sign-in page with its reason and nothing written.
/// </summary>
public sealed class OidcSignInTests(OidcConsole console) : IClassFixture<OidcConsole>
{
    private static string Viewers => "console-viewers";

    private static string Operators => "console-operators";

    private static string Admins => "console-admins";

    /// <summary>The console's own page (GET / signed in), not the sign-in page: the app bar names the user.</summary>
    private static void AssertConsoleFor(BrowsedPage page, string userName)
    {
        Assert.Equal(200, page.Status);
        Assert.Equal("/", page.Url.AbsolutePath);
        Assert.Contains($"data-testid=\"signed-in-name\">{userName}<", page.Body, StringComparison.Ordinal);
    }

    /// <summary>The sign-in page, with the message of <paramref name="code"/>.</summary>
    private static void AssertRefused(BrowsedPage page, string code)
    {
        Assert.Equal(200, page.Status);
        Assert.Equal("/account/login", page.Url.AbsolutePath);
        Assert.Contains($"oidcError={code}", page.Url.Query, StringComparison.Ordinal);
        var message = OidcErrors.Describe(code, OidcConsole.DisplayName)!;
        Assert.Contains(message, System.Net.WebUtility.HtmlDecode(page.Body), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"signed-in-name\"", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFirstSignInProvisionsALocalUserWithTheMappedRoleAndRecordsItsCreation()
    {
        using var browser = new OidcBrowser();
        var before = (await console.AuditAsync()).Count;

        var page = await console.SignInAsync(browser, new IssuedUser("sub-olivia", "olivia", "olivia@example.org", Operators));

        AssertConsoleFor(page, "olivia");
        Assert.Contains(browser.Visited, u => u.Port == console.Issuer.Address.Port && u.AbsolutePath == "/connect/authorize");
        Assert.Contains(browser.Visited, u => u.AbsolutePath == OidcSetup.CallbackPath);
        var (roles, logins) = (await console.AccountAsync("olivia"))!.Value;
        Assert.Equal(new[] { ConsoleRoles.Operator }, roles);
        var login = Assert.Single(logins);
        Assert.Equal("sub-olivia", login.ProviderKey);
        Assert.StartsWith("oidc:http://127.0.0.1:", login.LoginProvider, StringComparison.Ordinal);
        var created = Assert.Single((await console.AuditAsync()).Skip(before));
        Assert.Equal(new UserCreated("olivia", ConsoleRoles.Operator), created.Data);
        Assert.Equal("olivia", created.Metadata.UserId);
        Assert.Equal(OidcAccounts.CommandName, created.Metadata.CommandName);
        // The external cookie is gone: the issuer's answer cannot be used a second time.
        Assert.DoesNotContain(browser.Cookies.GetAllCookies(), c => c.Name == IdentityConstants.ExternalScheme && !c.Expired && c.Value.Length > 0);
    }

    [Fact]
    public async Task ASecondSignInWithAnotherRoleClaimChangesTheRoleAndRecordsTheChange()
    {
        using (var first = new OidcBrowser())
            AssertConsoleFor(await console.SignInAsync(first, new IssuedUser("sub-victor", "victor", null, Viewers)), "victor");
        var before = (await console.AuditAsync()).Count;

        using var second = new OidcBrowser();
        var page = await console.SignInAsync(second, new IssuedUser("sub-victor", "victor", null, Viewers, Admins));

        AssertConsoleFor(page, "victor");
        Assert.Contains("data-testid=\"signed-in-role\">admin<", page.Body, StringComparison.Ordinal);
        Assert.Equal(new[] { ConsoleRoles.Admin }, (await console.AccountAsync("victor"))!.Value.Roles);
        var changed = Assert.Single((await console.AuditAsync()).Skip(before));
        Assert.Equal(new UserRoleChanged("victor", ConsoleRoles.Viewer, ConsoleRoles.Admin), changed.Data);
        Assert.Equal("victor", changed.Metadata.UserId);

        // The same role again records nothing.
        using var third = new OidcBrowser();
        AssertConsoleFor(await console.SignInAsync(third, new IssuedUser("sub-victor", "victor", null, Admins)), "victor");
        Assert.Equal(before + 1, (await console.AuditAsync()).Count);
    }

    [Fact]
    public async Task ARoleClaimThatMapsToNoRoleEndsOnTheSignInPageAndCreatesNoUser()
    {
        using var browser = new OidcBrowser();
        var before = (await console.AuditAsync()).Count;

        var page = await console.SignInAsync(browser, new IssuedUser("sub-ivan", "ivan", null, "interns"));

        AssertRefused(page, OidcErrors.Unmapped);
        Assert.Null(await console.AccountAsync("ivan"));
        Assert.Equal(before, (await console.AuditAsync()).Count);
    }

    [Fact]
    public async Task WhenTheIssuerRefusesTheSignInPageSaysSo()
    {
        using var browser = new OidcBrowser();

        var page = await console.SignInAsync(browser, user: null);

        AssertRefused(page, OidcErrors.Refused);
        Assert.Contains(browser.Visited, u => u.AbsolutePath == OidcSetup.CallbackPath && u.Query.Contains("error=access_denied", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/signin-oidc?code=forged-code&state=forged-state")]
    [InlineData("/signin-oidc?error=access_denied&state=forged-state")]
    [InlineData("/account/login/oidc/done?returnUrl=%2F")]
    public async Task AForgedCallbackEndsOnTheSignInPageSignedOut(string path)
    {
        using var browser = new OidcBrowser();

        var page = await browser.OpenAsync(new Uri(console.Address, path));

        Assert.Equal("/account/login", page.Url.AbsolutePath);
        Assert.Matches("oidcError=(failed|refused)", page.Url.Query);
        Assert.DoesNotContain("data-testid=\"signed-in-name\"", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplayedCallbackWithItsCookiesIsRefusedByTheIssuerAndSignsNobodyIn()
    {
        using var browser = new OidcBrowser();
        var user = new IssuedUser("sub-rita", "rita", null, Operators);
        var callback = await console.SignInAsync(browser, user, stopBefore: u => u.AbsolutePath == OidcSetup.CallbackPath);
        Assert.Equal(0, callback.Status);
        var cookiesThen = browser.CopyCookies(console.Address); // the correlation and nonce cookies as the callback carries them
        Assert.Contains(cookiesThen.GetAllCookies(), c => c.Name.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));
        AssertConsoleFor(await browser.OpenAsync(callback.Url), "rita");
        Assert.DoesNotContain(await console.Issuer.TokensAsync(), t => t.Subject == "sub-rita" && t.Status == "revoked");

        using var replay = new OidcBrowser(cookiesThen);
        var page = await replay.OpenAsync(callback.Url);

        AssertRefused(page, OidcErrors.Failed);
        // The replay got past the console's own checks (state, correlation) to the issuer, which saw its code again and
        // revoked what that code had given.
        Assert.Contains(await console.Issuer.TokensAsync(), t => t.Subject == "sub-rita" && t.Status == "revoked");
    }

    [Theory]
    [InlineData("auth0|5f7c8ec7", null, null, OidcErrors.NameMissing)]
    [InlineData("sub-jorg", "Jörg Müller", "jorg@example.org", OidcErrors.NameNotAllowed)]
    [InlineData("sub-rlo", "mal\u202Elory", null, OidcErrors.NameNotAllowed)]
    public async Task AUserNameThatIsMissingOrBreaksTheRuleIsRefused(string subject, string? preferred, string? email, string code)
    {
        using var browser = new OidcBrowser();
        var before = (await console.AuditAsync()).Count;

        var page = await console.SignInAsync(browser, new IssuedUser(subject, preferred, email, Viewers));

        AssertRefused(page, code);
        Assert.Equal(before, (await console.AuditAsync()).Count);
    }

    [Fact]
    public async Task WithoutANameClaimAUsableSubjectIdIsTheUserName()
    {
        using var browser = new OidcBrowser();

        var page = await console.SignInAsync(browser, new IssuedUser("emp-4711", null, null, Viewers));

        AssertConsoleFor(page, "emp-4711");
    }

    [Fact]
    public async Task WithoutAPreferredUserNameTheEmailIsTheUserName()
    {
        using var browser = new OidcBrowser();

        var page = await console.SignInAsync(browser, new IssuedUser("sub-emma", null, "emma@example.org", Viewers));

        AssertConsoleFor(page, "emma@example.org");
    }

    [Fact]
    public async Task ANameTakenByALocalAccountIsRefusedAndNeverMerged()
    {
        await console.App.EnsureAccountAsync("lena", ConsoleRoles.Viewer);
        var before = (await console.AuditAsync()).Count;
        using var browser = new OidcBrowser();

        var page = await console.SignInAsync(browser, new IssuedUser("sub-other-lena", "LENA", null, Admins));

        AssertRefused(page, OidcErrors.NameTaken);
        var (roles, logins) = (await console.AccountAsync("lena"))!.Value;
        Assert.Equal(new[] { ConsoleRoles.Viewer }, roles);
        Assert.Empty(logins);
        Assert.Equal(before, (await console.AuditAsync()).Count);
    }

    [Fact]
    public async Task ALockedAccountIsRefusedAndItsRoleIsNotChanged()
    {
        using (var first = new OidcBrowser())
            AssertConsoleFor(await console.SignInAsync(first, new IssuedUser("sub-leo", "leo", null, Viewers)), "leo");
        await using (var scope = console.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var leo = (await users.FindByNameAsync("leo"))!;
            Assert.True((await users.SetLockoutEndDateAsync(leo, DateTimeOffset.MaxValue)).Succeeded);
        }
        var before = (await console.AuditAsync()).Count;
        using var browser = new OidcBrowser();

        var page = await console.SignInAsync(browser, new IssuedUser("sub-leo", "leo", null, Admins));

        AssertRefused(page, OidcErrors.Locked);
        Assert.Equal(new[] { ConsoleRoles.Viewer }, (await console.AccountAsync("leo"))!.Value.Roles);
        Assert.Equal(before, (await console.AuditAsync()).Count);
    }

    [Fact]
    public async Task AfterSigningInTheUserGoesBackWhereTheyWereGoingAndTheirRoleDecidesWhatOpens()
    {
        using var browser = new OidcBrowser();

        var page = await console.SignInAsync(browser, new IssuedUser("sub-vera", "vera", null, Viewers), returnUrl: "/users");

        // /users is the admins' screen: a viewer arrives there signed in (not at the sign-in page) and is turned away by role.
        Assert.Equal(200, page.Status);
        Assert.Equal("/account/denied", page.Url.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Fusers", page.Url.Query, StringComparison.OrdinalIgnoreCase);
        var home = await browser.OpenAsync(new Uri(console.Address, "/"));
        AssertConsoleFor(home, "vera");
    }

    [Fact]
    public async Task TheSignInPageOffersTheIssuer()
    {
        using var browser = new OidcBrowser();

        var page = await browser.OpenAsync(new Uri(console.Address, "/account/login?returnUrl=%2Forders"));

        Assert.Contains($"Sign in with {OidcConsole.DisplayName}", page.Body, StringComparison.Ordinal);
        Assert.Contains("href=\"/account/login/oidc?returnUrl=%2Forders\"", page.Body, StringComparison.Ordinal);
    }
}
