using BlazorEs.Benchmarks.Suite;
using Microsoft.Data.Sqlite;

namespace BlazorEs.Benchmarks.Scale;

/// <summary>
/// Where the database's bytes are, from SQLite's dbstat table (pages per table and index; the bundled SQLite lacks it, so
/// Debian's sqlite3 shell is asked when it is there): the event log (Events,
/// Commands and their indexes), the read tables with theirs, and the snapshots, each per event; plus the file.
/// </summary>
internal static class StorageBytes
{
    private static readonly string[] ReadTables = ["StockLevels", "OrderSummaries", "LowStockAlerts", "DashboardFigures", "ProjectionCheckpoints"];

    public static async Task MeasureAsync(string databasePath, long events, ScalePoint point)
    {
        await using (var connection = new SqliteConnection($"Data Source={databasePath}"))
        {
            await connection.OpenAsync();
            await using (var checkpoint = connection.CreateCommand())
            {
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                await checkpoint.ExecuteNonQueryAsync();
            }
            var bytes = await InProcessAsync(connection) ?? await WithTheSqliteShellAsync(databasePath);
            if (bytes is null) point.Notes.Add("Bytes per table not measured: neither the bundled SQLite nor a sqlite3 shell on the PATH has the dbstat table.");
            if (bytes is { Count: > 0 })
            {
                long Sum(Func<string, bool> which) => bytes.Where(b => which(b.Key)).Sum(b => b.Value);
                var log = Sum(t => t is "Events" or "Commands");
                var read = Sum(t => ReadTables.Contains(t, StringComparer.OrdinalIgnoreCase));
                var snapshots = Sum(t => t.Contains("Snapshot", StringComparison.OrdinalIgnoreCase));
                point.Set(ScaleFigures.EventBytes, (double)log / events, "bytes");
                point.Set(ScaleFigures.ReadTableBytes, (double)read / events, "bytes");
                point.Set(ScaleFigures.SnapshotBytes, (double)snapshots / events, "bytes");
                point.Set(ScaleFigures.SnapshotStorage, snapshots / 1e6, "MB");
            }
        }
        SqliteConnection.ClearAllPools();
        point.Set(ScaleFigures.DatabaseBytes, (double)new FileInfo(databasePath).Length / events, "bytes");
    }

    private const string PerTable = "SELECT COALESCE(m.tbl_name, s.name), SUM(s.pgsize) FROM dbstat s LEFT JOIN sqlite_master m ON m.name = s.name GROUP BY 1";

    private static async Task<Dictionary<string, long>?> InProcessAsync(SqliteConnection connection)
    {
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = PerTable;
            var bytes = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) bytes[reader.GetString(0)] = reader.GetInt64(1);
            return bytes;
        }
        catch (SqliteException)
        {
            return null; // SQLitePCLRaw's e_sqlite3 is built without SQLITE_ENABLE_DBSTAT_VTAB
        }
    }

    /// <summary>Debian's sqlite3 shell has dbstat; read-only, on the checkpointed file.</summary>
    private static async Task<Dictionary<string, long>?> WithTheSqliteShellAsync(string databasePath)
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("sqlite3", ["-readonly", databasePath, PerTable]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) return null;
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('|'))
                .Where(parts => parts.Length == 2 && long.TryParse(parts[1], out _))
                .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.OrdinalIgnoreCase);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no sqlite3 on the PATH
        }
    }
}
