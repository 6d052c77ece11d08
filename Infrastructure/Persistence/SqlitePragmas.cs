using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BlazorEs.Infrastructure.Persistence;

/// <summary>
/// Puts every SQLite connection in WAL mode with the configured synchronous level, so an acknowledged
/// commit is on disk (FULL) and readers never block the writer.
/// </summary>
/// <remarks>
/// EF opens and closes a pooled connection around every query, and this runs on each open. The full set of
/// pragmas runs once per physical connection; after that only <c>synchronous</c> is set again, and only when the
/// pooled connection was last opened at the other level (the events' and the read side's contexts share one pool).
/// </remarks>
public sealed class SqlitePragmas(Durability durability) : DbConnectionInterceptor
{
    /// <summary>
    /// For the read side's own writes (read tables, checkpoints, snapshots): they are derived from the events and
    /// carry their checkpoint in the same transaction, so a power loss can at worst roll back the last projection
    /// commits, which catch-up re-applies. Events keep the configured durability on the writer's connection.
    /// </summary>
    public static readonly SqlitePragmas ReadSide = new(Durability.RiskLastCommitsOnPowerLoss);

    /// <summary>The synchronous level last set on each physical connection (keyed by its native handle, which the pool keeps).</summary>
    private static readonly ConditionalWeakTable<object, StrongBox<Durability>> Applied = new();

    /// <summary>How long a statement waits for another connection's lock before SQLITE_BUSY.</summary>
    public const int BusyTimeoutSeconds = 10;

    public string Sql => $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={BusyTimeoutSeconds * 1000}; PRAGMA foreign_keys=ON; " + SynchronousSql;

    private string SynchronousSql => durability == Durability.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";

    public void Apply(DbConnection connection)
    {
        if (PragmasToRun(connection) is not { } sql) return;
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (PragmasToRun(connection) is not { } sql) return;
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }

    private string? PragmasToRun(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle }) return null;
        if (!Applied.TryGetValue(handle, out var level)) return Sql;
        return level.Value == durability ? null : SynchronousSql;
    }

    /// <summary>After the pragmas ran (a failed run leaves the connection to be set up again on its next open).</summary>
    private void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
            Applied.AddOrUpdate(handle, new StrongBox<Durability>(durability));
    }
}
