using System.Net.Http.Json;
using System.Text.Json;
using BlazorEs.App.Auth;
using BlazorEs.Infrastructure.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BlazorEs.Benchmarks.Suite;

/// <summary>
/// The benchmark's clients sign in as the console's users do: an account in the app's database (an admin, unless
/// said), a bearer token from POST /api/auth/login for hub and API clients, the sign-in page for browsers.
/// </summary>
public static class BenchSignIn
{
    public const string Password = "Bench-password-1";

    public static async Task EnsureAccountAsync(IServiceProvider services, string userName, string role = ConsoleRoles.Admin)
    {
        await using var scope = services.CreateAsyncScope();
        var error = await AccountSetup.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>(), userName, Password, role);
        if (error is not null) throw new InvalidOperationException($"The benchmark account {userName} cannot be created: {error}");
    }

    public static async Task<string> TokenAsync(string address, IServiceProvider services, string userName)
    {
        await EnsureAccountAsync(services, userName);
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password = Password });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Signs the browser context of <paramref name="page"/> in through the sign-in page.</summary>
    public static async Task SignInAsync(IPage page, string address, IServiceProvider services, string userName)
    {
        await EnsureAccountAsync(services, userName);
        await page.GotoAsync(address + "/account/login");
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { Timeout = 60_000 });
    }
}
