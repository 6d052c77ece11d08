using System.Data;
using Microsoft.Data.SqlClient;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// A whole table's rows in one go on SQL Server (a rebuild writes every row of a projection): SqlBulkCopy inside the
/// rebuild's transaction, the values as TableWriter stores them (after each column's value converter), mapped to the
/// columns by name. Row-by-row INSERTs from here would keep the emptied live table locked, and its readers waiting,
/// for one round trip per row. Not exercised on our build machines (no SQL Server runs there).
/// </summary>
internal static class SqlServerRowInsert
{
    public static async Task RunAsync(SqlConnection connection, SqlTransaction transaction, TableWriter writer, IEnumerable<object> rows, CancellationToken ct)
    {
        using var table = new DataTable();
        foreach (var (name, type) in writer.ColumnNames.Zip(writer.StoredTypes))
            table.Columns.Add(name, Nullable.GetUnderlyingType(type) ?? type);
        var values = new object?[writer.ColumnCount];
        foreach (var row in rows)
        {
            writer.StoredValues(row, values);
            table.Rows.Add(values.Select(v => v ?? DBNull.Value).ToArray());
        }

        using var bulk = new SqlBulkCopy(connection, SqlBulkCopyOptions.CheckConstraints, transaction)
        {
            DestinationTableName = writer.Table,
            BulkCopyTimeout = 0, // the rebuild's own cancellation token bounds it
            BatchSize = 10_000,
        };
        foreach (var name in writer.ColumnNames) bulk.ColumnMappings.Add(name, name);
        await bulk.WriteToServerAsync(table, ct);
    }
}
