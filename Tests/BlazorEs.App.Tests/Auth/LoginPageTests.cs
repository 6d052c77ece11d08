using BlazorEs.App.Auth;
using BlazorEs.App.Components.Account;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.Accounts;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Auth;

/// <summary>The sign-in page: its form, the demo accounts only where they exist, a refusal said plainly, no open redirect.</summary>
public sealed class LoginPageTests
{
    private static Task<ConsoleContext> StartAsync(bool demo) =>
        ConsoleContext.StartAsync(services: s =>
        {
            s.AddSingleton(new AccountSetupOptions(DemoAccounts: demo, BootstrapUserName: null, BootstrapPassword: null));
            s.AddHostedService<AccountSetup>();
            new IdentityBuilder(typeof(IdentityUser), typeof(IdentityRole), s).AddSignInManager();
            s.AddAuthentication();
        });

    [Fact]
    public async Task ThePageAsksForUserNameAndPasswordAndPostsThem()
    {
        await using var console = await StartAsync(demo: false);
        console.SignOut();

        var cut = console.Bunit.Render<Login>();

        Assert.Equal("Sign in", cut.Find("h1").TextContent);
        var form = cut.Find("form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.NotNull(form.QuerySelector("input#userName[autocomplete=username]"));
        Assert.NotNull(form.QuerySelector("input#password[type=password]"));
        Assert.Equal("Sign in", form.QuerySelector("button[type=submit]")!.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=demo-accounts]"));
        Assert.Empty(cut.FindAll("[data-testid=login-error]"));
    }

    [Fact]
    public async Task InDevelopmentWithTheDemoThePageListsOneAccountPerRole()
    {
        await using var console = await StartAsync(demo: true);
        console.SignOut();

        var cut = console.Bunit.Render<Login>();

        var demo = cut.Find("[data-testid=demo-accounts]");
        Assert.Contains(AccountSetupOptions.DemoPassword, demo.TextContent);
        Assert.Equal(ConsoleRoles.All, demo.QuerySelectorAll("tbody tr td:last-child").Select(td => td.TextContent));
    }

    [Theory]
    [InlineData("admin", "wrong-password-1")]
    [InlineData("nobody", "Demo-password-1")]
    public async Task AWrongPasswordOrUnknownUserIsRefusedWithOneMessage(string userName, string password)
    {
        await using var console = await StartAsync(demo: true);
        console.SignOut();
        var cut = console.Bunit.Render<Login>();

        cut.Find("#userName").Change(userName);
        cut.Find("#password").Change(password);
        await cut.Find("form").SubmitAsync();

        await cut.WaitForAssertionAsync(() => Assert.Equal("The user name or password is wrong.", cut.Find("[data-testid=login-error]").TextContent));
    }

    [Theory]
    [InlineData("/orders", "/orders")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example", "/")]
    [InlineData(null, "/")]
    public void AfterSigningInOnlyAPathOnThisSiteIsFollowed(string? returnUrl, string expected) =>
        Assert.Equal(expected, Login.LocalReturnUrl(returnUrl));
}
