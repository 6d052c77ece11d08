using System.Text.RegularExpressions;
using BlazorEs.Infrastructure.Accounts;
using Microsoft.Playwright;
using static BlazorEs.Browser.Tests.ConsolePage;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>The users screen in real Chromium: an admin creates an account with a role, and that person signs in with it.</summary>
public sealed class UsersTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private readonly List<IBrowserContext> _contexts = [];

    [Fact]
    public async Task AnAdminCreatesAnOperatorOnTheUsersScreenWhoThenSignsInAsAnOperator()
    {
        BrowserSession.RequireChromium();
        await _server.EnsureAccountAsync("vic", ConsoleRoles.Viewer);
        var admin = await _server.SignInAsync(session.Browser, ConsoleRoles.Admin, "ada");
        _contexts.Add(admin);
        var page = await OpenAsync(admin, _server.Address + "/users");
        await Expect(page.GetByTestId("users-table")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("user-name")).ToHaveCountAsync(2);
        await ScreenshotAsync(page, "users");

        await page.GetByTestId("user-create").ClickAsync();
        await Field(page.Locator("body"), "create-user-name").FillAsync("olga");
        await Field(page.Locator("body"), "create-user-password").FillAsync("Olga-password-1");
        await page.GetByTestId("create-user-role").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "operator", Exact = true }).ClickAsync();
        await ScreenshotAsync(page, "users-create-dialog");
        await page.GetByTestId("create-user-submit").ClickAsync();

        await Expect(page.GetByTestId("user-name")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("user-name").Filter(new() { HasText = "olga" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "users-after-create");

        var olga = await session.Browser.NewContextAsync(Laptop);
        _contexts.Add(olga);
        var hers = await olga.NewPageAsync();
        await SignIn.SignInOnPageAsync(hers, _server.Address, "olga", "Olga-password-1");
        await WaitForLiveAsync(hers);
        await Expect(hers.GetByTestId("signed-in-name")).ToHaveTextAsync("olga");
        await Expect(hers.GetByTestId("signed-in-role")).ToHaveTextAsync(ConsoleRoles.Operator);
        await hers.GotoAsync(_server.Address + "/users");
        // The endpoint's own authorization answers before any circuit: the cookie handler's access-denied page.
        await Expect(hers).ToHaveURLAsync(new Regex("/account/denied"));
        await Expect(hers.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        await _server.DisposeAsync();
    }
}
