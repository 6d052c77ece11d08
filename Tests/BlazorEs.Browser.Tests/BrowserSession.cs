using Microsoft.Playwright;

namespace BlazorEs.Browser.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright. Where no Chromium is installed the tests skip at run time and say why;
/// CI installs it (.ci/run), so there they run.
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    public static readonly string ScreenshotFolder = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string? ChromiumPath =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public async ValueTask InitializeAsync()
    {
        if (ChromiumPath is not { } chromium) return;
        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Skips the calling test at run time when there is no browser on this machine.</summary>
    public static void RequireChromium() =>
        Assert.SkipWhen(ChromiumPath is null, "No Chromium found (set CHROMIUM_PATH or apt-get install chromium); browser tests need a real browser.");

    public async ValueTask DisposeAsync()
    {
        if (_playwright is null) return;
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
