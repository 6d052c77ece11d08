using System.Data;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>
/// A read-only transaction that sees the database as it stood at its first statement, however long it reads and
/// whatever commits meanwhile, without holding back a writer: SQLite's deferred transaction in WAL mode (a read
/// snapshot, no write lock — an immediate one, Microsoft.Data.Sqlite's default, would stop every commit), PostgreSQL's
/// REPEATABLE READ. SQL Server's equivalent (SNAPSHOT) needs ALLOW_SNAPSHOT_ISOLATION on the database, so there
/// <see cref="Pins"/> is false and the caller keeps the rows still by other means (the projection's lock).
/// </summary>
internal static class PinnedRead
{
    public static bool Pins(DatabaseProvider provider) => provider != DatabaseProvider.SqlServer;

    public static async Task<IDbContextTransaction> BeginAsync(EventStoreDbContext db, DatabaseProvider provider, CancellationToken ct)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                await db.Database.OpenConnectionAsync(ct);
                var deferred = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
                return (await db.Database.UseTransactionAsync(deferred, ct))!;
            case DatabaseProvider.PostgreSql:
                return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            default:
                return await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        }
    }
}
