using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BlazorEs.Infrastructure.Persistence;

/// <summary>
/// Puts every SQLite connection in WAL mode with the configured synchronous level, so an acknowledged
/// commit is on disk (FULL) and readers never block the writer.
/// </summary>
public sealed class SqlitePragmas(Durability durability) : DbConnectionInterceptor
{
    /// <summary>
    /// For the read side's own writes (read tables, checkpoints, snapshots): they are derived from the events and
    /// carry their checkpoint in the same transaction, so a power loss can at worst roll back the last projection
    /// commits, which catch-up re-applies. Events keep the configured durability on the writer's connection.
    /// </summary>
    public static readonly SqlitePragmas ReadSide = new(Durability.RiskLastCommitsOnPowerLoss);

    public string Sql => durability == Durability.Full
        ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;"
        : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

    public void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection) return;
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is not SqliteConnection) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
