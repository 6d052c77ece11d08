using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace BlazorEs.App.Tests.Hosting;

/// <summary>
/// The built app (BlazorEs.App.dll beside the tests) started as a real process in Production with a setting it cannot
/// start with: it ends with exit code 1 and one line on stderr naming the key, never a stack trace.
/// </summary>
public sealed class StartupErrorTests : IDisposable
{
    private const string SigningKey = "dGVzdC1vbmx5IGludGVncml0eSBrZXkgMzIgYnl0ZXM=";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "blazores-tests", Guid.NewGuid().ToString("N"));

    public StartupErrorTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task WithoutASigningKeyProductionStopsNamingIntegritySigningKey()
    {
        var (exit, stdout, stderr) = await StartAsync(new Dictionary<string, string>());

        Assert.Equal(1, exit);
        Assert.Contains("Integrity:SigningKey", stderr);
        AssertNoStackTrace(stdout, stderr);
    }

    [Theory]
    [InlineData("Projections:BatchSize", "0", "Projections:BatchSize must be between 1 and 100000.")]
    [InlineData("Integrity:SigningKey", "not base64!", "The integrity signing key in Integrity:SigningKey is not base64.")]
    [InlineData("RateLimits:Commands:PermitLimit", "0", "RateLimits:Commands:PermitLimit must be between 1 and 1000000.")]
    [InlineData("Database:Provider", "Oracle", "Database:Provider is 'Oracle'; expected one of:")]
    public async Task AnInvalidSettingStopsStartUpWithOneLineNamingTheKey(string key, string value, string message)
    {
        var (exit, stdout, stderr) = await StartAsync(new Dictionary<string, string> { ["Integrity:SigningKey"] = SigningKey, [key] = value });

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("BlazorEs did not start: ", line);
        Assert.Contains(message, line);
        AssertNoStackTrace(stdout, stderr);
        Assert.False(File.Exists(Path.Combine(_folder, "store.db")) && new FileInfo(Path.Combine(_folder, "store.db")).Length > 0,
            "nothing may run (not even the migrator) before the settings are checked");
    }

    private static void AssertNoStackTrace(string stdout, string stderr)
    {
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Stdout, string Stderr)> StartAsync(Dictionary<string, string> settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "BlazorEs.App.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__EventStore"] = $"Data Source={Path.Combine(_folder, "store.db")}";
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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
