using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BlazorEs.Infrastructure.Persistence;

/// <summary>
/// Faults of the database itself rather than of a command or an event: locked by another process past the busy
/// timeout, a read-only file, a full disk, an I/O error. They pass when the fault ends, so a command gets a clear
/// 503 to retry and a projection waits for its next round instead of parking on an event that did nothing wrong.
/// </summary>
public static class StoreFaults
{
    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN (primary result codes).
    private static readonly int[] Transient = [5, 6, 8, 10, 13, 14];

    public static bool IsTransient(Exception? exception) => Describe(exception) is not null;

    /// <summary>What a request that met the fault is told (a 503's detail).</summary>
    public static string Message(string fault) => $"The database could not be used: {fault}. Try again shortly.";

    /// <summary>
    /// After a storage fault, forgets every pooled SQLite connection (those in use are discarded when returned). A file
    /// SQLite could not open for writing is opened read-only and stays so for the connection's life: without this, the
    /// pool handed the same read-only handles back after the file was writable again, and writes failed for good.
    /// </summary>
    public static void DropPooledConnections() => SqliteConnection.ClearAllPools();

    /// <summary>
    /// For the log of a failed write on SQLite: the extended result code (e.g. 1032, the file replaced under the
    /// connection) and whether the connection itself is read-only (SQLite opened it so while the file could not be
    /// written) — what tells a read-only connection from a read-only file. Empty for other faults and providers.
    /// </summary>
    public static string Diagnose(Exception exception, DbConnection connection)
    {
        if (exception is not SqliteException { SqliteErrorCode: var code } sqlite || (code & 0xFF) != 8) return "";
        var readOnly = connection is SqliteConnection { State: ConnectionState.Open, Handle: { } handle }
            ? raw.sqlite3_db_readonly(handle, "main") switch { 1 => "yes", 0 => "no", _ => "unknown" }
            : "closed";
        return $" (SQLite extended code {sqlite.SqliteExtendedErrorCode}; this connection read-only: {readOnly})";
    }

    /// <summary>What the user is told (never the stack): null when the exception is not a storage fault.</summary>
    public static string? Describe(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite && Array.IndexOf(Transient, sqlite.SqliteErrorCode & 0xFF) >= 0)
                return (sqlite.SqliteErrorCode & 0xFF) switch
                {
                    5 or 6 => "the database is locked by another process",
                    8 => "the database file is read-only",
                    13 => "the disk holding the database is full",
                    14 => "the database file cannot be opened",
                    _ => "the disk holding the database reported an I/O error",
                };
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTransient)) return Describe(aggregate.InnerExceptions.First(IsTransient));
        }
        return null;
    }
}
