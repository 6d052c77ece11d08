using Microsoft.Playwright;

namespace BlazorEs.Browser.Tests;

public sealed class ShellTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private readonly ConsoleServer _server = new();

    [Fact]
    public async Task TheConsoleOpensLiveWithNavigationToEveryScreen()
    {
        BrowserSession.RequireChromium();
        await using var context = await _server.SignInAsync(session.Browser);
        var page = await context.NewPageAsync();

        await page.GotoAsync(_server.Address + "/");

        await Assertions.Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live", new() { Timeout = 15_000 });
        foreach (var screen in new[] { "Dashboard", "Products", "Orders", "Timeline", "Streams", "Projections" })
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = screen, Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, "shell.png") });
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
