using Microsoft.Playwright;

namespace BlazorEs.Benchmarks.Live;

/// <summary>
/// Debian's Chromium driven by Playwright, launched as the browser tests launch it (no Playwright browser download).
/// Each launch is a browser process of its own.
/// </summary>
public static class Chromium
{
    public static string? ExecutablePath =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string executablePath) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
        });

    public static BrowserNewContextOptions Laptop => new() { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } };
}
