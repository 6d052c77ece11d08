using BlazorEs.App.Auth;
using BlazorEs.App.Components;
using BlazorEs.App.Components.Layout;
using BlazorEs.App.Components.Pages.Users;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.EventStore;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Components.Users;

/// <summary>The users screen: an admin sees every account with its controls and changes them; nobody else gets in.</summary>
public sealed class UsersPageTests
{
    private const string Password = "Users-page-pass-1";

    /// <summary>A console with the app's roles and two accounts: ada (admin, the one signed in) and vic (viewer).</summary>
    private static async Task<ConsoleContext> StartAsync(string role = ConsoleRoles.Admin)
    {
        var console = await ConsoleContext.StartAsync(role: role, services: s =>
        {
            s.AddSingleton(new AccountSetupOptions(DemoAccounts: false, BootstrapUserName: null, BootstrapPassword: null));
            s.AddHostedService<AccountSetup>();
        });
        await using var scope = console.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.Null(await AccountSetup.CreateAsync(users, "ada", Password, ConsoleRoles.Admin));
        Assert.Null(await AccountSetup.CreateAsync(users, "vic", Password, ConsoleRoles.Viewer));
        console.SignIn(role == ConsoleRoles.Admin ? "ada" : "vic", role);
        return console;
    }

    private static async Task<IReadOnlyList<StoredEvent>> AuditAsync(ConsoleContext console) =>
        await console.Services.GetRequiredService<EventReader>().ReadStreamAsync(AccountStreams.Audit, 1, 100);

    [Fact]
    public async Task AnAdminSeesEveryAccountWithItsRoleStateAndControls()
    {
        await using var console = await StartAsync();

        var cut = console.Render<UsersPage>();

        await cut.WaitForAssertionAsync(() => Assert.Equal(2, cut.FindAll("[data-testid=user-name]").Count));
        Assert.Equal(["ada (you)", "vic"], cut.FindAll("[data-testid=user-name]").Select(c => c.TextContent.Trim()));
        Assert.All(cut.FindAll("[data-testid=user-state]"), s => Assert.Contains("active", s.TextContent));
        Assert.False(cut.Find("[data-testid=user-create]").HasAttribute("disabled"));
        var locks = cut.FindAll("[data-testid=user-lock]");
        Assert.True(locks[0].HasAttribute("disabled")); // nobody locks themselves
        Assert.False(locks[1].HasAttribute("disabled"));
        Assert.Equal(2, cut.FindAll("[data-testid=user-reset-password]").Count);
        Assert.Equal(2, cut.FindAll("[data-testid=user-role]").Count);
    }

    [Fact]
    public async Task AnAdminCreatesAUserThroughTheDialogAndTheAuditEventNamesThem()
    {
        await using var console = await StartAsync();
        var cut = console.Render<UsersPage>();
        await cut.WaitForAssertionAsync(() => Assert.Equal(2, cut.FindAll("[data-testid=user-name]").Count));

        cut.Find("[data-testid=user-create]").Click(); // opens the dialog; its handler runs until the dialog closes
        await cut.WaitForAssertionAsync(() => Assert.NotEmpty(cut.FindAll("[data-testid=create-user-name]")));
        cut.Find("[data-testid=create-user-name]").Input("olga");
        cut.Find("[data-testid=create-user-password]").Input("Olga-password-1");
        await cut.WaitForAssertionAsync(() => Assert.False(cut.Find("[data-testid=create-user-submit]").HasAttribute("disabled")));
        cut.Find("[data-testid=create-user-submit]").Click();

        await cut.WaitForAssertionAsync(() => Assert.Equal(3, cut.FindAll("[data-testid=user-name]").Count));
        var e = Assert.Single(await AuditAsync(console));
        Assert.Equal(new UserCreated("olga", ConsoleRoles.Viewer), e.Data);
        Assert.Equal("ada", e.Metadata.UserId);
    }

    [Fact]
    public async Task AnAdminLocksAUserWithAReasonAndTheRowSaysLocked()
    {
        await using var console = await StartAsync();
        var cut = console.Render<UsersPage>();
        await cut.WaitForAssertionAsync(() => Assert.Equal(2, cut.FindAll("[data-testid=user-lock]").Count));

        cut.FindAll("[data-testid=user-lock]")[1].Click();
        await cut.WaitForAssertionAsync(() => Assert.NotEmpty(cut.FindAll("[data-testid=account-dialog-input]")));
        cut.Find("[data-testid=account-dialog-input]").Input("left the team");
        await cut.WaitForAssertionAsync(() => Assert.False(cut.Find("[data-testid=account-dialog-submit]").HasAttribute("disabled")));
        cut.Find("[data-testid=account-dialog-submit]").Click();

        await cut.WaitForAssertionAsync(() => Assert.Contains("locked", cut.FindAll("[data-testid=user-state]")[1].TextContent));
        Assert.NotEmpty(cut.FindAll("[data-testid=user-unlock]"));
        var locked = Assert.IsType<UserLocked>(Assert.Single(await AuditAsync(console)).Data);
        Assert.Equal(("vic", "left the team"), (locked.UserName, locked.Reason));
    }

    [Fact]
    public async Task AViewerWhoOpensTheAddressIsToldTheirRoleDoesNotOpenIt()
    {
        await using var console = await StartAsync(ConsoleRoles.Viewer);
        console.Services.GetRequiredService<NavigationManager>().NavigateTo("/users");

        var routed = console.Bunit.Render<Routes>(); // the app's router and layout, as a browser gets them

        await routed.WaitForAssertionAsync(() => Assert.NotEmpty(routed.FindAll("[data-testid=access-denied]")));
        Assert.Empty(routed.FindAll("[data-testid=users-table]"));
        Assert.Empty(routed.FindAll("[data-testid=user-create]"));
    }

    [Fact]
    public async Task AViewersNavEntryIsDisabledNamingTheAdminRoleAndThePipelineRefusesThemTheList()
    {
        await using var console = await StartAsync(ConsoleRoles.Viewer);

        var direct = console.Render<UsersPage>(); // past the router: the pipeline still refuses a viewer the list
        var nav = console.Bunit.Render<NavMenu>();

        var gate = nav.Find(".role-gated");
        Assert.Equal(ConsoleRoles.Admin, gate.GetAttribute("data-needs-role"));
        Assert.NotNull(gate.QuerySelector("[data-testid=nav-users]"));
        await direct.WaitForAssertionAsync(() => Assert.NotEmpty(direct.FindAll("[data-testid=users-error]")));
        Assert.Empty(direct.FindAll("[data-testid=users-table]"));
    }

    [Fact]
    public async Task AnAdminsNavEntryOpensTheScreen()
    {
        await using var console = await StartAsync();

        var nav = console.Bunit.Render<NavMenu>();

        Assert.Empty(nav.FindAll(".role-gated"));
        Assert.Equal("users", nav.Find("a[data-testid=nav-users]").GetAttribute("href"));
    }
}
