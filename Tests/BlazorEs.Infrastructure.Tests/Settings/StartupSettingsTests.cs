using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Settings;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BlazorEs.Infrastructure.Tests.Settings;

/// <summary>Settings are bound with the options pattern and checked at start: a wrong one stops the host with a message naming the key.</summary>
public sealed class StartupSettingsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "blazores-tests", Guid.NewGuid().ToString("N"));

    public StartupSettingsTests() => Directory.CreateDirectory(_folder);

    private string DatabasePath => Path.Combine(_folder, "store.db");

    [Theory]
    [InlineData("Projections:BatchSize", "0", "Projections:BatchSize must be between 1 and 100000.")]
    [InlineData("Replay:SnapshotEvery", "5", "Replay:SnapshotEvery must be between 10 and 10000000.")]
    [InlineData("Replay:StreamSnapshotEvery", "3", "Replay:StreamSnapshotEvery must be 0 (no stream snapshots) or between 10 and 1000000.")]
    [InlineData("ReadModels:LowStockThreshold", "-1", "ReadModels:LowStockThreshold must be between 0 and 1000000.")]
    [InlineData("Cluster:LeaseTimeout", "00:00:00.100", "Cluster:LeaseTimeout must be between 1 second and 10 minutes.")]
    public async Task AWrongValueStopsStartUpWithAMessageNamingTheKey(string key, string value, string message)
    {
        using var host = Build(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(message, error.Message);
        Assert.False(File.Exists(DatabasePath) && await HasEventsTableAsync(), "nothing may run (not even the migrator) before the settings are checked");
    }

    [Fact]
    public async Task WithMigrateAtStartupOffAnEmptyDatabaseStopsStartUpNamingWhatIsPending()
    {
        using var host = Build(new() { ["Database:MigrateAtStartup"] = "false" });

        var error = await Assert.ThrowsAsync<InvalidSettingException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith("Database:MigrateAtStartup is false and ", error.Message);
        Assert.Contains("migrations are pending", error.Message);
        Assert.False(await HasEventsTableAsync(), "the schema is the DBA's: nothing was migrated");
    }

    [Fact]
    public async Task WithMigrateAtStartupOffADatabaseTheDbaMigratedStarts()
    {
        await using (var db = StoreContextFactory.ForSqliteFile(DatabasePath).CreateContext())
            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        using var host = Build(new() { ["Database:MigrateAtStartup"] = "false" });

        await host.StartAsync(TestContext.Current.CancellationToken);

        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        var builder = TestHost.CreateBuilder(DatabasePath);
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        builder.AddInfrastructure();
        return builder.Build();
    }

    private async Task<bool> HasEventsTableAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'Events'";
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))! > 0;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
