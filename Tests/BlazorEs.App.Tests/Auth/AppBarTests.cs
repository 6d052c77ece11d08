using BlazorEs.App.Components.Layout;
using BlazorEs.App.Components.Pages.Products;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Accounts;
using Bunit;

namespace BlazorEs.App.Tests.Auth;

/// <summary>Who is signed in is always visible, and what a role may not do is shown disabled, saying which role it needs.</summary>
public sealed class AppBarTests
{
    [Theory]
    [InlineData(ConsoleRoles.Viewer)]
    [InlineData(ConsoleRoles.Operator)]
    [InlineData(ConsoleRoles.Admin)]
    public async Task TheAppBarNamesTheSignedInUserAndRoleAndOffersSignOut(string role)
    {
        await using var console = await ConsoleContext.StartAsync(role: role);
        console.SignIn("vera", role);

        var cut = console.Render<SignedInUser>();

        await cut.WaitForAssertionAsync(() => Assert.Equal("vera", cut.Find("[data-testid=signed-in-name]").TextContent));
        Assert.Equal(role, cut.Find("[data-testid=signed-in-role]").TextContent.Trim());
        var form = cut.Find("form");
        Assert.Equal("account/logout", form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
    }

    [Fact]
    public async Task NobodySignedIn_TheAppBarShowsNoUser()
    {
        await using var console = await ConsoleContext.StartAsync();
        console.SignOut();

        var cut = console.Render<SignedInUser>();

        Assert.Empty(cut.FindAll("[data-testid=signed-in-user]"));
    }

    [Fact]
    public async Task AViewersCommandButtonsAreDisabledInsideATooltipNamingTheOperatorRole()
    {
        await using var console = await ConsoleContext.StartAsync(role: ConsoleRoles.Viewer);
        await console.SendAsync(new RegisterProduct("WIDGET-1", "Widget", 2.5m));
        console.SignIn("vera", ConsoleRoles.Viewer);

        var cut = console.Render<Products>();

        await cut.WaitForAssertionAsync(() => Assert.NotEmpty(cut.FindAll("[data-testid=rename-WIDGET-1]")));
        Assert.True(cut.Find("[data-testid=register-product]").HasAttribute("disabled"));
        var gated = cut.FindAll(".role-gated");
        Assert.NotEmpty(gated);
        Assert.All(gated, g => Assert.Equal(ConsoleRoles.Operator, g.GetAttribute("data-needs-role")));
        Assert.All(cut.FindAll(".role-gated button"), b => Assert.True(b.HasAttribute("disabled")));
    }

    [Fact]
    public async Task AnOperatorsCommandButtonsAreEnabled()
    {
        await using var console = await ConsoleContext.StartAsync(role: ConsoleRoles.Operator);
        await console.SendAsync(new RegisterProduct("WIDGET-1", "Widget", 2.5m));

        var cut = console.Render<Products>();

        await cut.WaitForAssertionAsync(() => Assert.NotEmpty(cut.FindAll("[data-testid=rename-WIDGET-1]")));
        Assert.False(cut.Find("[data-testid=register-product]").HasAttribute("disabled"));
        Assert.False(cut.Find("[data-testid=rename-WIDGET-1]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll(".role-gated"));
    }

    [Fact]
    public async Task AViewerWhoseButtonsWereBypassedIsStillRefusedByThePipelineAndNothingIsWritten()
    {
        await using var console = await ConsoleContext.StartAsync(role: ConsoleRoles.Viewer);
        var before = await console.CountEventsAsync();
        var commands = console.Services.GetService(typeof(BlazorEs.App.Components.Shared.ConsoleCommands)) as BlazorEs.App.Components.Shared.ConsoleCommands;

        var outcome = await commands!.SendAsync(new RegisterProduct("SNEAK-1", "Sneaky", 1m), snackbarOnFailure: false);

        Assert.Contains("needs the operator role", outcome.Error);
        Assert.Equal(before, await console.CountEventsAsync());
    }
}
