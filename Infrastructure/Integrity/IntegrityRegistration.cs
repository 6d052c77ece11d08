using BlazorEs.Infrastructure.Health;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BlazorEs.Infrastructure.Integrity;

internal static class IntegrityRegistration
{
    /// <summary>The "Integrity" section, the signing key (a missing one stops start-up outside Development), the verifier and its monitor.</summary>
    public static void AddIntegrity(this IHostApplicationBuilder builder, DatabaseSettings database)
    {
        var options = builder.Configuration.GetSection("Integrity").Get<IntegrityOptions>() ?? new IntegrityOptions();
        if (options.Validate() is { } error) throw new InvalidOperationException(error);
        var key = IntegrityKey.Resolve(options, builder.Environment.IsDevelopment(), DataFolder(database, builder.Environment.ContentRootPath));
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(key);
        services.AddSingleton<ChainVerifier>();
        services.AddSingleton<IntegrityMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<IntegrityMonitor>());
        // Degraded when broken: /health names it, and a load balancer keeps the instance (reads and commands go on).
        services.AddHealthChecks().AddCheck<IntegrityHealthCheck>("integrity", tags: [HealthTags.Ready]);
        services.AddSingleton<Export.EventExporter>();
        services.AddSingleton<IntegrityAudit>();
    }

    /// <summary>Where a Development key is kept: beside the SQLite file (each test's temp folder has its own), else the content root's data folder.</summary>
    private static string DataFolder(DatabaseSettings database, string contentRoot)
    {
        if (database.Provider == DatabaseProvider.Sqlite
            && Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource)) is { Length: > 0 } folder)
            return folder;
        return Path.Combine(contentRoot, "data");
    }
}
