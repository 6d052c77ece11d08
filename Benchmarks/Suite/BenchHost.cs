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
    public static IHost Build(string databasePath)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = HostArguments.With(), // as the app starts: no configuration file watcher on the database's folder
            ContentRootPath = Path.GetDirectoryName(databasePath),
        });
        Configure(builder, databasePath);
        builder.AddInfrastructure();
        return builder.Build();
    }
}
