using System.Diagnostics;

namespace BlazorEs.App.Tests.Support;

/// <summary>
/// Starts the built app (BlazorEs.App.dll beside the tests) as a real process in Production on a SQLite file in
/// <c>folder</c>, with the given settings as environment variables, and waits for it to end (at most two minutes):
/// how a start stopped by a setting is seen as its operator sees it (exit code, stdout, stderr).
/// </summary>
internal static class BuiltAppStart
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunUntilExitAsync(string folder, IReadOnlyDictionary<string, string> settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "BlazorEs.App.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__EventStore"] = $"Data Source={Path.Combine(folder, "store.db")}";
        start.Environment.Remove("Integrity__SigningKey");
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The app did not stop within two minutes. stdout: {await stdout} stderr: {await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>No stack trace on either stream: the operator is told the setting, not the code.</summary>
    public static void AssertNoStackTrace(string stdout, string stderr)
    {
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }
}
