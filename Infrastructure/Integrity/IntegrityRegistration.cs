using BlazorEs.Infrastructure.Health;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Settings;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BlazorEs.Infrastructure.Integrity;

internal static class IntegrityRegistration
{
    /// <summary>
    /// The "Integrity" section (validated at start: outside Development a missing or unusable signing key stops start-up
    /// naming the key), the signing key, the verifier and its monitor.
    /// </summary>
    public static void AddIntegrity(this IHostApplicationBuilder builder, DatabaseSettings database)
    {
        var development = builder.Environment.IsDevelopment();
        builder.AddValidatedOptions<IntegrityOptions>("Integrity", o => o.Validate(development));
        var dataFolder = DataFolder(database, builder.Environment.ContentRootPath);
        var services = builder.Services;
        // Resolved from the validated options, so a wrong key is the section's start-up message, never a failure here.
        services.AddSingleton(sp => IntegrityKey.Resolve(sp.GetRequiredService<IntegrityOptions>(), development, dataFolder));
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
