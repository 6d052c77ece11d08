using BlazorEs.App.Auth;
using BlazorEs.App.Auth.Oidc;
using BlazorEs.App.Components.Account;
using BlazorEs.App.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Auth.Oidc;

/// <summary>The sign-in page with OpenID Connect configured: the issuer's button, and each refusal said in words (never the issuer's text).</summary>
public sealed class OidcLoginPageTests
{
    private static Task<ConsoleContext> StartAsync(bool oidc) =>
        ConsoleContext.StartAsync(services: s =>
        {
            s.AddSingleton(new AccountSetupOptions(DemoAccounts: false, BootstrapUserName: null, BootstrapPassword: null));
            new IdentityBuilder(typeof(IdentityUser), typeof(IdentityRole), s).AddSignInManager();
            s.AddAuthentication();
            if (oidc) s.Configure<OidcOptions>(o =>
            {
                o.Authority = "https://login.acme.example";
                o.DisplayName = "Acme";
            });
        });

    [Fact]
    public async Task WithOpenIdConnectThePageOffersTheIssuerKeepingWhereTheUserWasGoing()
    {
        await using var console = await StartAsync(oidc: true);
        console.SignOut();
        console.Services.GetRequiredService<NavigationManager>().NavigateTo("/account/login?returnUrl=%2Forders");

        var cut = console.Bunit.Render<Login>();

        var link = cut.Find("[data-testid=oidc-sign-in]");
        Assert.Equal("Sign in with Acme", link.TextContent);
        Assert.Equal("/account/login/oidc?returnUrl=%2Forders", link.GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=login-error]"));
    }

    [Fact]
    public async Task WithoutOpenIdConnectThereIsNoButtonAndNoOidcMessage()
    {
        await using var console = await StartAsync(oidc: false);
        console.SignOut();
        console.Services.GetRequiredService<NavigationManager>().NavigateTo($"/account/login?oidcError={OidcErrors.Unmapped}");

        var cut = console.Bunit.Render<Login>();

        Assert.Empty(cut.FindAll("[data-testid=oidc-sign-in]"));
        Assert.Empty(cut.FindAll("[data-testid=login-error]"));
    }

    [Theory]
    [InlineData(OidcErrors.Unmapped, "has no role in this console")]
    [InlineData(OidcErrors.Refused, "cancelled or refused")]
    [InlineData(OidcErrors.Failed, "could not be completed")]
    [InlineData(OidcErrors.Unavailable, "cannot be reached")]
    [InlineData(OidcErrors.Locked, "locked")]
    [InlineData(OidcErrors.NameNotAllowed, "is not allowed here")]
    [InlineData(OidcErrors.NameMissing, "gave no user name")]
    [InlineData(OidcErrors.NameTaken, "never merged")]
    public async Task EachRefusalIsSaidInWords(string code, string said)
    {
        await using var console = await StartAsync(oidc: true);
        console.SignOut();
        console.Services.GetRequiredService<NavigationManager>().NavigateTo($"/account/login?oidcError={code}");

        var cut = console.Bunit.Render<Login>();

        Assert.Contains(said, cut.Find("[data-testid=login-error]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownCodeShowsNothingOfWhatTheLinkSaid()
    {
        await using var console = await StartAsync(oidc: true);
        console.SignOut();
        console.Services.GetRequiredService<NavigationManager>().NavigateTo("/account/login?oidcError=%3Cb%3EYour+account+is+suspended%3C%2Fb%3E");

        var cut = console.Bunit.Render<Login>();

        Assert.Empty(cut.FindAll("[data-testid=login-error]"));
        Assert.DoesNotContain("suspended", cut.Markup, StringComparison.Ordinal);
    }
}
