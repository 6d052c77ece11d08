using BlazorEs.Infrastructure;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Benchmarks.Suite;

/// <summary>The app's configuration for a benchmark host: its own SQLite file, no demo seed, quiet logs.</summary>
public static class BenchHost
{
    public static Dictionary<string, string?> Settings(string databasePath) => new()
    {
        ["ConnectionStrings:EventStore"] = $"Data Source={databasePath}",
        ["Database:Provider"] = "Sqlite",
        ["Database:Durability"] = "Full",
        ["Seed:Enabled"] = "false",
        ["Integrity:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), // outside Development a key must be given
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.StaticFiles"] = "Error", // the app's wwwroot is not beside the benchmark's binaries
    };

    public static void Configure(IHostApplicationBuilder builder, string databasePath)
    {
        builder.Configuration.AddInMemoryCollection(Settings(databasePath));
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
    }

    /// <summary>A generic host with the app's infrastructure (event store, command pipeline, read side), as the app registers it.</summary>
    public static IHost Build(string databasePath) => Build(databasePath, null);

    /// <summary>The same host on PostgreSQL: <paramref name="connectionString"/>'s database, <paramref name="folder"/> as its content root.</summary>
    public static IHost BuildPostgreSql(string folder, string connectionString) => Build(Path.Combine(folder, "unused.db"), new Dictionary<string, string?>
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:EventStore"] = connectionString,
    });

    private static IHost Build(string databasePath, Dictionary<string, string?>? overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = HostArguments.With(), // as the app starts: no configuration file watcher on the database's folder
            ContentRootPath = Path.GetDirectoryName(databasePath),
        });
        Configure(builder, databasePath);
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        builder.AddInfrastructure();
        return builder.Build();
    }
}
