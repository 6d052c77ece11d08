using Npgsql;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// A whole table's rows in one go on PostgreSQL (a rebuild writes every row of a projection): binary COPY inside the
/// rebuild's transaction (COPY runs in the connection's transaction), the values as TableWriter stores them (after
/// each column's value converter), in the model's column order. Row-by-row INSERTs would keep the emptied live table
/// locked, and its readers waiting, for one round trip per row.
/// </summary>
internal static class PostgreSqlRowInsert
{
    public static async Task RunAsync(NpgsqlConnection connection, TableWriter writer, IEnumerable<object> rows, CancellationToken ct)
    {
        var columns = string.Join(", ", writer.ColumnNames.Select(n => $"\"{n}\""));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {writer.Table} ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        var values = new object?[writer.ColumnCount];
        foreach (var row in rows)
        {
            writer.StoredValues(row, values);
            await importer.StartRowAsync(ct);
            foreach (var value in values)
            {
                if (value is null) await importer.WriteNullAsync(ct);
                else await importer.WriteAsync(value, ct); // typed by the value's runtime type (text, integer, numeric, timestamptz, ...)
            }
        }
        await importer.CompleteAsync(ct);
    }
}
