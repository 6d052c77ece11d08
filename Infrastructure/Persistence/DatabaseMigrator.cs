using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Persistence;

/// <summary>
/// Applies pending migrations before anything else starts (hosted services start in registration order), unless
/// Database:MigrateAtStartup is false: then the schema is the DBA's (the idempotent script), and start-up stops with
/// a message naming what is pending while anything is.
/// </summary>
public sealed class DatabaseMigrator(StoreContextFactory factory, DatabaseOptions options, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.CreateContext();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0) return;
        if (!options.MigrateAtStartup)
        {
            // Nothing after this could work on an old schema: stop with what to do rather than fail later at random.
            throw new InvalidOperationException(
                $"Database:MigrateAtStartup is false and {pending.Count} migrations are pending ({string.Join(", ", pending)}). " +
                "Apply the idempotent script (README: 'Migrations for DBAs') or set Database:MigrateAtStartup=true.");
        }
        logger.LogInformation("Applying {Count} migrations: {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
