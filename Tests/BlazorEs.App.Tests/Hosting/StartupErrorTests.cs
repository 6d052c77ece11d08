using BlazorEs.App.Tests.Support;
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

    private static void AssertNoStackTrace(string stdout, string stderr) => BuiltAppStart.AssertNoStackTrace(stdout, stderr);

    private Task<(int Exit, string Stdout, string Stderr)> StartAsync(Dictionary<string, string> settings) =>
        BuiltAppStart.RunUntilExitAsync(_folder, settings);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
