using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// A whole table's rows in one go on SQLite (a rebuild writes every row of a projection): the table's INSERT prepared
/// once through SQLitePCL's raw API on the connection (and so in the transaction) Microsoft.Data.Sqlite opened, each
/// value bound by index. Microsoft.Data.Sqlite looks every parameter up by name and marshals it again on each
/// execution, which cost as much as SQLite's own insert. Values are bound as Microsoft.Data.Sqlite binds them
/// (the TableWriter tests compare the stored text with EF's), for the stored types the read tables use.
/// </summary>
internal static class SqliteRowInsert
{
    private static readonly HashSet<Type> Bindable = [typeof(string), typeof(int), typeof(long), typeof(bool), typeof(double), typeof(DateTime)];

    /// <summary>Inserts every row with <paramref name="writer"/>'s INSERT; synchronous (SQLite's step is).</summary>
    public static void Run(SqliteConnection connection, TableWriter writer, IEnumerable<object> rows, CancellationToken ct)
    {
        if (writer.StoredTypes.FirstOrDefault(t => !Bindable.Contains(t)) is { } unsupported)
            throw new NotSupportedException($"{writer.Table} has a column stored as {unsupported.Name}, which {nameof(SqliteRowInsert)} does not bind.");
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(db, writer.InsertSql, out var statement), db);
        using (statement)
        {
            var values = new object?[writer.ColumnCount];
            var text = new byte[256];
            foreach (var row in rows)
            {
                writer.StoredValues(row, values);
                for (var i = 0; i < values.Length; i++)
                    Check(Bind(statement, i + 1, values[i], ref text), db); // @p{i} is the (i+1)th parameter of the INSERT
                var rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE) Check(rc, db);
                Check(raw.sqlite3_reset(statement), db);
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Binds as Microsoft.Data.Sqlite's SqliteValueBinder does for these types (times as its fixed text format).</summary>
    private static int Bind(sqlite3_stmt statement, int index, object? value, ref byte[] text) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string s => BindText(statement, index, s, ref text),
        int n => raw.sqlite3_bind_int64(statement, index, n),
        long n => raw.sqlite3_bind_int64(statement, index, n),
        bool b => raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
        double d when double.IsNaN(d) => throw new InvalidOperationException("Cannot store a NaN value in SQLite."),
        double d => raw.sqlite3_bind_double(statement, index, d),
        DateTime t => BindText(statement, index, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture), ref text),
        _ => throw new NotSupportedException($"{nameof(SqliteRowInsert)} does not bind {value.GetType().Name}."),
    };

    /// <summary>UTF-8 encoded into a reused buffer (SQLite copies it), the same bytes Microsoft.Data.Sqlite would bind.</summary>
    private static int BindText(sqlite3_stmt statement, int index, string value, ref byte[] buffer)
    {
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (buffer.Length < length) buffer = new byte[Math.Max(length, buffer.Length * 2)];
        var written = Encoding.UTF8.GetBytes(value, buffer);
        return raw.sqlite3_bind_text(statement, index, buffer.AsSpan(0, written));
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }
}
