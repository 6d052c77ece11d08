using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Settings;
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
        if (pending.Count > 0)
        {
            if (!options.MigrateAtStartup)
            {
                // Nothing after this could work on an old schema: stop with what to do rather than fail later at random.
                throw new InvalidSettingException(
                    $"Database:MigrateAtStartup is false and {pending.Count} migrations are pending ({string.Join(", ", pending)}). " +
                    "Apply the idempotent script (README: 'Migrations for DBAs') or set Database:MigrateAtStartup=true.");
            }
            logger.LogInformation("Applying {Count} migrations: {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
        await ChainStoredEventsAsync(db, cancellationToken);
    }

    /// <summary>
    /// A store from before the hash chain gets its events chained here, once, before anything appends (the writer
    /// would do the same on its first commit, holding every command back meanwhile).
    /// </summary>
    private async Task ChainStoredEventsAsync(EventStoreDbContext db, CancellationToken ct)
    {
        // Chaining finishes in one transaction and every later event is chained as written: a chained head is a chained store.
        var head = await db.Events.OrderByDescending(e => e.Position).Select(e => new { e.Hash }).FirstOrDefaultAsync(ct);
        if (head is null || head.Hash is not null) return;
        await db.Database.OpenConnectionAsync(ct);
        await using var transaction = await db.Database.GetDbConnection().BeginTransactionAsync(ct);
        if (factory.Provider != DatabaseProvider.Sqlite)
        {
            // Other instances may append meanwhile: hold their append lock while chaining.
            await using var appendLock = db.Database.GetDbConnection().CreateCommand();
            appendLock.Transaction = transaction;
            appendLock.CommandText = factory.Provider == DatabaseProvider.SqlServer ? SqlServerSql.AppendLock : PostgreSqlSql.AppendLock;
            await appendLock.ExecuteNonQueryAsync(ct);
        }
        await ChainBackfill.RunAsync(db.Database.GetDbConnection(), transaction, factory.Provider, logger, ct);
        // Snapshots made before the chain carry no seal and would read as tampered: replay writes them again, sealed.
        await using (var unsealed = db.Database.GetDbConnection().CreateCommand())
        {
            unsealed.Transaction = transaction;
            unsealed.CommandText = "DELETE FROM ReadModelSnapshots WHERE Seal IS NULL; DELETE FROM StreamSnapshots WHERE Seal IS NULL";
            await unsealed.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
