using Microsoft.Playwright;

namespace BlazorEs.Browser.Tests;

/// <summary>Opening console pages safely: clicks made before the Blazor circuit attaches are lost, so wait for "Live" first.</summary>
public static class ConsolePage
{
    public static readonly LocatorAssertionsToHaveTextOptions Live = new() { Timeout = 15_000 };

    public static BrowserNewContextOptions Laptop => new() { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } };

    public static async Task<IPage> OpenAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitForLiveAsync(page);
        return page;
    }

    public static Task WaitForLiveAsync(IPage page) =>
        Assertions.Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live", Live);

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, name + ".png") });

    /// <summary>A form field by test id: MudBlazor puts data-testid on the inner input for some inputs and on the wrapper for others.</summary>
    public static ILocator Field(ILocator scope, string testId) =>
        scope.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;

    public static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;

    /// <summary>A MudBlazor dialog by its test id; the id may land on an inner element that does not hold the action buttons.</summary>
    public static ILocator Dialog(IPage page, string testId) =>
        page.Locator($".mud-dialog[data-testid='{testId}'], .mud-dialog:has([data-testid='{testId}'])");
}
