using BlazorEs.Benchmarks.Suite;

namespace BlazorEs.Benchmarks.Live;

/// <summary>
/// Scenario 6: a command sent in one real browser until the change shows in a second browser's DOM. It needs the
/// console's stock and order screens (being built) and Playwright with Chromium; until both exist it reports itself
/// as not measured rather than measuring something else under its name.
/// </summary>
public static class LiveLatencyScenario
{
    public static Task RunAsync(BenchContext context, ScenarioResult result)
    {
        var chromium = FindOnPath("chromium") ?? Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        result.NotMeasured = "needs the browser screens. The console has no stock or order screen yet to send a command in one browser and watch "
            + "the change arrive in a second browser's DOM; another engineer is building them. "
            + (chromium is null ? "Chromium is not installed either (`apt-get install -y chromium`)." : $"Chromium is installed ({chromium}).")
            + " Scenario 7 measures the server half of the same path (commit → LiveHub message at a SignalR client).";
        return Task.CompletedTask;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
