using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BlazorEs.Infrastructure.EventStore;

/// <summary>
/// A long pass over the log on SQLite (a rebuild reads every event): one statement stepped through SQLitePCL's raw
/// API on the connection Microsoft.Data.Sqlite opened. Columns are read in place as UTF-8: the event's JSON goes to
/// System.Text.Json without becoming a .NET string first, times are parsed from the fixed text format EF writes,
/// and the few distinct names (type, user, command) are shared instead of allocated per event. Through
/// Microsoft.Data.Sqlite's data reader each column is copied and converted, which cost twice the CPU of this pass.
/// </summary>
internal static class SqliteLogScan
{
    private const string Sql = $"SELECT {EventRows.Columns} FROM Events WHERE Position > @after AND Position <= @to ORDER BY Position";

    /// <summary>Events (after, to] in position order, in batches of <paramref name="batchSize"/>; synchronous (run it on a thread of its own).</summary>
    public static IEnumerable<List<StoredEvent>> Read(SqliteConnection connection, EventTypeMap types, long after, long to, int batchSize, CancellationToken ct)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(db, Sql, out var statement), db);
        using (statement)
        {
            Check(raw.sqlite3_bind_int64(statement, 1, after), db);
            Check(raw.sqlite3_bind_int64(statement, 2, to), db);
            var names = new ColumnNames();
            var batch = new List<StoredEvent>(batchSize);
            while (true)
            {
                var rc = raw.sqlite3_step(statement);
                if (rc == raw.SQLITE_DONE) break;
                if (rc != raw.SQLITE_ROW) Check(rc, db);
                batch.Add(ReadRow(statement, types, names));
                if (batch.Count < batchSize) continue;
                ct.ThrowIfCancellationRequested();
                yield return batch;
                batch = new List<StoredEvent>(batchSize);
            }
            if (batch.Count > 0) yield return batch;
        }
    }

    private static StoredEvent ReadRow(sqlite3_stmt s, EventTypeMap types, ColumnNames names)
    {
        var type = names.Types.Get(raw.sqlite3_column_blob(s, 4));
        var schema = raw.sqlite3_column_int(s, 5);
        var commandId = Text(raw.sqlite3_column_blob(s, 10));
        return new StoredEvent(
            raw.sqlite3_column_int64(s, 0),
            Text(raw.sqlite3_column_blob(s, 1)),
            Text(raw.sqlite3_column_blob(s, 2)),
            raw.sqlite3_column_int64(s, 3),
            type,
            schema,
            Time(raw.sqlite3_column_blob(s, 7)),
            types.Deserialize(type, schema, raw.sqlite3_column_blob(s, 6)),
            new EventMetadata(
                names.Users.Get(raw.sqlite3_column_blob(s, 8)),
                names.Commands.Get(raw.sqlite3_column_blob(s, 9)),
                commandId,
                // A command's first events are their own correlation and cause: one string for the three.
                SameOr(raw.sqlite3_column_blob(s, 11), commandId),
                SameOr(raw.sqlite3_column_blob(s, 12), commandId)));
    }

    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    private static string SameOr(ReadOnlySpan<byte> utf8, string known) =>
        utf8.Length == known.Length && Ascii.Equals(utf8, known) ? known : Text(utf8);

    /// <summary>
    /// Every time in the store is UTC text as EF's SQLite provider writes it, "yyyy-MM-dd HH:mm:ss" with up to seven
    /// fraction digits; anything else goes the way Microsoft.Data.Sqlite's GetDateTime would read it.
    /// </summary>
    internal static DateTime Time(ReadOnlySpan<byte> t)
    {
        if (t.Length >= 19 && t[4] == '-' && t[7] == '-' && t[10] == ' ' && t[13] == ':' && t[16] == ':'
            && (t.Length == 19 || (t[19] == '.' && t.Length is > 20 and <= 27))
            && Digits(t[..4], out var year) && Digits(t.Slice(5, 2), out var month) && Digits(t.Slice(8, 2), out var day)
            && Digits(t.Slice(11, 2), out var hour) && Digits(t.Slice(14, 2), out var minute) && Digits(t.Slice(17, 2), out var second)
            && (t.Length == 19 || Digits(t[20..], out _)))
        {
            var ticks = 0;
            if (t.Length > 19)
            {
                Digits(t[20..], out ticks);
                for (var digits = t.Length - 20; digits < 7; digits++) ticks *= 10;
            }
            return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
        }
        return DateTime.SpecifyKind(DateTime.Parse(Text(t), CultureInfo.InvariantCulture), DateTimeKind.Utc);
    }

    private static bool Digits(ReadOnlySpan<byte> span, out int value)
    {
        value = 0;
        foreach (var b in span)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }

    private sealed class ColumnNames
    {
        public SharedNames Types { get; } = new();
        public SharedNames Users { get; } = new();
        public SharedNames Commands { get; } = new();
    }

    /// <summary>One column's few distinct values, each decoded once; past a small number new ones are decoded as they come.</summary>
    private sealed class SharedNames
    {
        private const int Capacity = 64;
        private readonly List<(byte[] Utf8, string Text)> _known = [];

        public string Get(ReadOnlySpan<byte> utf8)
        {
            foreach (var (bytes, text) in _known)
                if (utf8.SequenceEqual(bytes)) return text;
            var decoded = Text(utf8);
            if (_known.Count < Capacity) _known.Add((utf8.ToArray(), decoded));
            return decoded;
        }
    }
}
