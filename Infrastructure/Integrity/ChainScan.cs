using System.Data.Common;
using System.Text;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace BlazorEs.Infrastructure.Integrity;

/// <summary>
/// Feeds a <see cref="ChainPass"/> every row in (after, to]. On SQLite one statement stepped through SQLitePCL's raw
/// API with every column hashed in place as UTF-8 (as <see cref="SqliteLogScan"/> reads the log for a rebuild), so a
/// full verification costs about one read of the table; elsewhere a data reader.
/// </summary>
internal static class ChainScan
{
    private const string Columns = EventRows.Columns + ", PreviousHash, Hash";
    private const int ProgressEvery = 16_384;

    /// <summary>The scan on PostgreSQL and SQL Server (one statement, every provider's SQL).</summary>
    internal const string Select = $"SELECT {Columns} FROM Events WHERE Position > @after AND Position <= @to ORDER BY Position";

    public static async Task RunAsync(StoreContextFactory factory, ChainPass pass, long to, Action<long>? progress, CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        if (factory.Provider == DatabaseProvider.Sqlite) await Task.Run(() => Sqlite((SqliteConnection)connection, pass, to, progress, ct), ct);
        else await GenericAsync(connection, pass, to, progress, ct);
    }

    private static void Sqlite(SqliteConnection connection, ChainPass pass, long to, Action<long>? progress, CancellationToken ct)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(db, $"SELECT {Columns} FROM Events WHERE Position > ?1 AND Position <= ?2 ORDER BY Position", out var s), db);
        using (s)
        {
            Check(raw.sqlite3_bind_int64(s, 1, pass.Through), db);
            Check(raw.sqlite3_bind_int64(s, 2, to), db);
            while (true)
            {
                var rc = raw.sqlite3_step(s);
                if (rc == raw.SQLITE_DONE) break;
                if (rc != raw.SQLITE_ROW) Check(rc, db);
                var fields = new EventFields
                {
                    EventId = raw.sqlite3_column_blob(s, 1),
                    StreamId = raw.sqlite3_column_blob(s, 2),
                    Type = raw.sqlite3_column_blob(s, 4),
                    SchemaVersion = raw.sqlite3_column_int(s, 5),
                    Data = raw.sqlite3_column_blob(s, 6),
                    UserId = raw.sqlite3_column_blob(s, 8),
                    CommandName = raw.sqlite3_column_blob(s, 9),
                    CommandId = raw.sqlite3_column_blob(s, 10),
                    CorrelationId = raw.sqlite3_column_blob(s, 11),
                    CausationId = raw.sqlite3_column_blob(s, 12),
                };
                pass.Check(raw.sqlite3_column_int64(s, 0), raw.sqlite3_column_int64(s, 3), SqliteLogScan.Time(raw.sqlite3_column_blob(s, 7)).Ticks,
                    fields, raw.sqlite3_column_blob(s, 13), raw.sqlite3_column_blob(s, 14));
                if (pass.Checked % ProgressEvery == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    progress?.Invoke(pass.Through);
                }
            }
        }
    }

    private static async Task GenericAsync(DbConnection connection, ChainPass pass, long to, Action<long>? progress, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Select;
        Add(command, "@after", pass.Through);
        Add(command, "@to", to);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var fields = new EventFields
            {
                EventId = Utf8(reader, 1), StreamId = Utf8(reader, 2), Type = Utf8(reader, 4), SchemaVersion = reader.GetInt32(5),
                Data = Utf8(reader, 6), UserId = Utf8(reader, 8), CommandName = Utf8(reader, 9), CommandId = Utf8(reader, 10),
                CorrelationId = Utf8(reader, 11), CausationId = Utf8(reader, 12),
            };
            pass.Check(reader.GetInt64(0), reader.GetInt64(3), reader.GetDateTime(7).Ticks, fields, Bytes(reader, 13), Bytes(reader, 14));
            if (pass.Checked % ProgressEvery == 0) progress?.Invoke(pass.Through);
        }
    }

    private static byte[] Utf8(DbDataReader reader, int ordinal) => Encoding.UTF8.GetBytes(reader.GetString(ordinal));

    private static byte[] Bytes(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? [] : (byte[])reader.GetValue(ordinal);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }
}
