using System.Data;
using System.Data.Common;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>The transaction, on <paramref name="db"/>'s connection and enlisted in it; the caller disposes it (a rollback: it only read).</summary>
    public static async Task<DbTransaction> BeginAsync(EventStoreDbContext db, DatabaseProvider provider, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var transaction = provider switch
        {
            DatabaseProvider.Sqlite => ((SqliteConnection)connection).BeginTransaction(deferred: true),
            DatabaseProvider.PostgreSql => await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct),
            _ => await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct),
        };
        await db.Database.UseTransactionAsync(transaction, ct);
        return transaction;
    }
}
