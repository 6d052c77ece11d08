using Microsoft.Data.Sqlite;

namespace BlazorEs.CrashTrials;

/// <summary>One row of the Events table, as the checks need it.</summary>
internal sealed record StoredRow(long Position, string StreamId, long StreamVersion, string Type, string CommandId, string CommandName, string RecordedAt);

/// <summary>
/// The Events and Commands tables read straight from the trial's SQLite file (after the restart, beside the running
/// app: WAL readers do not block it). None of the app's code is used to read them.
/// </summary>
internal sealed class StoredLog
{
    private StoredLog(List<StoredRow> rows, Dictionary<string, string> commands)
    {
        Rows = rows;
        Commands = commands;
        ByPosition = rows.ToDictionary(r => r.Position);
        ByStreamVersion = rows.GroupBy(r => (r.StreamId, r.StreamVersion)).ToDictionary(g => g.Key, g => g.First());
        ByCommand = rows.GroupBy(r => r.CommandId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Position).ToList());
        Head = rows.Count == 0 ? 0 : rows.Max(r => r.Position);
    }

    public List<StoredRow> Rows { get; }
    /// <summary>CommandId → the stored result JSON.</summary>
    public Dictionary<string, string> Commands { get; }
    public Dictionary<long, StoredRow> ByPosition { get; }
    public Dictionary<(string StreamId, long Version), StoredRow> ByStreamVersion { get; }
    public Dictionary<string, List<StoredRow>> ByCommand { get; }
    public long Head { get; }

    public static StoredLog Read(string databaseFile)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var rows = new List<StoredRow>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT Position, StreamId, StreamVersion, Type, CommandId, CommandName, RecordedAt FROM Events ORDER BY Position";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                rows.Add(new StoredRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                    reader.GetString(4), reader.GetString(5), reader.GetValue(6).ToString() ?? ""));
        }
        var commands = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT CommandId, Result FROM Commands";
            using var reader = command.ExecuteReader();
            while (reader.Read()) commands[reader.GetString(0)] = reader.GetString(1);
        }
        return new StoredLog(rows, commands);
    }

    /// <summary>Positions in 1..head with no row (the log must have none).</summary>
    public IReadOnlyList<long> MissingPositions()
    {
        if (Rows.Count == Head) return [];
        var missing = new List<long>();
        for (long p = 1; p <= Head && missing.Count < 100; p++)
            if (!ByPosition.ContainsKey(p)) missing.Add(p);
        return missing;
    }

    /// <summary>Streams whose versions are not exactly 1..n (a gap or a duplicate), with what they hold.</summary>
    public IReadOnlyList<string> StreamVersionFaults() =>
        Rows.GroupBy(r => r.StreamId)
            .Select(g => (g.Key, Versions: g.Select(r => r.StreamVersion).Order().ToList()))
            .Where(s => s.Versions.Select((v, i) => v != i + 1).Any(bad => bad))
            .Select(s => $"{s.Key}: versions {string.Join(",", s.Versions.Take(20))}{(s.Versions.Count > 20 ? ",…" : "")}")
            .ToList();

    /// <summary>The rows at positions around <paramref name="position"/>, one line each, for a finding's explanation.</summary>
    public IEnumerable<string> Around(long position, int span = 3)
    {
        for (var p = position - span; p <= position + span; p++)
        {
            if (p < 1) continue;
            yield return ByPosition.TryGetValue(p, out var r)
                ? $"{(p == position ? ">" : " ")} #{p} {r.StreamId} v{r.StreamVersion} {r.Type} command {r.CommandId} ({r.CommandName}) at {r.RecordedAt}"
                : $"{(p == position ? ">" : " ")} #{p} (no row){(p > Head ? " — above the head" : "")}";
        }
    }
}
