using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>
/// The Content-Security-Policy is enforced by the browser: the sign-in page and every screen open, goes live over its WebSocket, and reports
/// no CSP violation and no console error (a blocked script or style would show as either).
/// </summary>
public sealed class SecurityPolicyTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private static readonly string[] Screens = ["/", "/products", "/orders", "/timeline", "/streams", "/projections", "/replay"];

    private readonly ConsoleServer _server = new();

    [Fact]
    public async Task EveryScreenOpensLiveUnderThePolicyWithNoViolationAndNoConsoleError()
    {
        BrowserSession.RequireChromium();
        await _server.EnsureAccountAsync("csp-viewer", BlazorEs.Infrastructure.Accounts.ConsoleRoles.Viewer);
        using (var api = new WarehouseApi(_server))
        {
            await api.RegisterAsync("CSP-1", "Hinge", 3.5m);
            await api.ReceiveAsync("CSP-1", 20);
        }
        await using var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        await page.ExposeFunctionAsync("reportCspViolation", (string text) => { lock (problems) problems.Add($"CSP: {text}"); });
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => window.reportCspViolation(e.violatedDirective + ' blocked ' + e.blockedURI));");

        // The sign-in page (static, no circuit) under the same policy, then every screen signed in through it.
        var signInPage = await page.GotoAsync(_server.Address + "/account/login");
        Assert.Contains("script-src 'self' 'nonce-", await signInPage!.HeaderValueAsync("content-security-policy"));
        await SignIn.SignInOnPageAsync(page, _server.Address, "csp-viewer");
        foreach (var screen in Screens)
        {
            var response = await page.GotoAsync(_server.Address + screen);
            var policy = await response!.HeaderValueAsync("content-security-policy");
            Assert.Contains("script-src 'self' 'nonce-", policy);
            Assert.DoesNotContain("unsafe-eval", policy);
            Assert.Equal("nosniff", await response.HeaderValueAsync("x-content-type-options"));
            await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live", new() { Timeout = 15_000 });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        Assert.Empty(problems);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
