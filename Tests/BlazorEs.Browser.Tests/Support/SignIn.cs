using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BlazorEs.App.Auth;
using BlazorEs.Infrastructure.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BlazorEs.Browser.Tests;

/// <summary>
/// Signing in to a <see cref="ConsoleServer"/>: accounts are created in its database with one role, browsers sign in
/// through the real /account/login page (the cookie stays in the browser context), API clients get a bearer token
/// from POST /api/auth/login. <c>await _server.SignInAsync(browser)</c> is an admin called tester.
/// </summary>
public static class SignIn
{
    public const string Password = "Test-password-1";

    private static readonly ConditionalWeakTable<ConsoleServer, ConcurrentDictionary<string, Task<string>>> Tokens = new();

    /// <summary>Creates the account unless it exists.</summary>
    public static async Task EnsureAccountAsync(this ConsoleServer server, string userName, string role)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var error = await AccountSetup.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>(), userName, Password, role);
        Assert.True(error is null, $"creating {userName} ({role}): {error}");
    }

    /// <summary>A new browser context signed in through the sign-in page as <paramref name="userName"/> with <paramref name="role"/>.</summary>
    public static async Task<IBrowserContext> SignInAsync(
        this ConsoleServer server, IBrowser browser, string role = ConsoleRoles.Admin, string userName = "tester",
        BrowserNewContextOptions? options = null, string? address = null)
    {
        await server.EnsureAccountAsync(userName, role);
        var context = await browser.NewContextAsync(options ?? ConsolePage.Laptop);
        var page = await context.NewPageAsync();
        // The cookie belongs to the host name signed in at: a test that browses under another name signs in there.
        await SignInOnPageAsync(page, address ?? server.Address, userName);
        await page.CloseAsync();
        return context;
    }

    /// <summary>Fills the sign-in page and waits until the console has taken the user in.</summary>
    public static async Task SignInOnPageAsync(IPage page, string address, string userName, string password = Password)
    {
        await page.GotoAsync(address + "/account/login");
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // 60 s: the first sign-in on a test's fresh server (migrations, key ring, the first render and password hash) shares
        // two cores with the other test classes' servers and browsers; 15 s ran out once in CI.
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { Timeout = 60_000 });
    }

    /// <summary>The bearer token of <paramref name="userName"/> (an operator unless the account exists already).</summary>
    public static Task<string> TokenAsync(this ConsoleServer server, string userName, string role = ConsoleRoles.Operator) =>
        Tokens.GetOrCreateValue(server).GetOrAdd(userName, async _ =>
        {
            await server.EnsureAccountAsync(userName, role);
            using var http = new HttpClient { BaseAddress = new Uri(server.Address) };
            using var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password = Password });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"sign-in of {userName} answered {(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.GetProperty("accessToken").GetString()!;
        });
}
