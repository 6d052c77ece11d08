using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;

namespace BlazorEs.Benchmarks.Append;

/// <summary>
/// The ceiling: prepared Microsoft.Data.Sqlite inserts of the same rows into a plain table of the same columns, with
/// the app's pragmas (WAL, synchronous=FULL), one transaction per commit. Rows are serialized before the clock starts.
/// </summary>
public sealed class RawSqliteCeiling : IDisposable
{
    private const string Columns = "EventId TEXT NOT NULL, StreamId TEXT NOT NULL, StreamVersion INTEGER NOT NULL, Type TEXT NOT NULL, " +
        "SchemaVersion INTEGER NOT NULL, Data TEXT NOT NULL, RecordedAt TEXT NOT NULL, UserId TEXT NOT NULL, CommandName TEXT NOT NULL, " +
        "CommandId TEXT NOT NULL, CorrelationId TEXT NOT NULL, CausationId TEXT NOT NULL";

    /// <summary>The same secondary indexes as the app's Events table: separates the index cost from our code's cost.</summary>
    private const string AppIndexes = """
        CREATE UNIQUE INDEX IX_EventId ON Events (EventId);
        CREATE UNIQUE INDEX IX_Stream ON Events (StreamId, StreamVersion);
        CREATE INDEX IX_Type ON Events (Type, Position);
        CREATE INDEX IX_User ON Events (UserId, Position);
        CREATE INDEX IX_Correlation ON Events (CorrelationId, Position);
        CREATE INDEX IX_RecordedAt ON Events (RecordedAt);
        """;

    private readonly string _connectionString;
    private readonly string _pragmas = new SqlitePragmas(Durability.Full).Sql;

    private RawSqliteCeiling(string path) => _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString;

    public static RawSqliteCeiling Create(string folder, string name, bool withAppIndexes = false)
    {
        var path = Path.Combine(folder, name + ".db");
        Suite.BenchStore.DeleteFiles(path);
        var ceiling = new RawSqliteCeiling(path);
        using var connection = ceiling.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TABLE Events (Position INTEGER PRIMARY KEY, {Columns});" + (withAppIndexes ? AppIndexes : "");
        command.ExecuteNonQuery();
        return ceiling;
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = _pragmas;
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Writes the commits in order on one connection, one transaction each.</summary>
    public static async Task WriteAsync(SqliteConnection connection, IEnumerable<RawRow[]> commits)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO Events (EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, UserId, CommandName, CommandId, CorrelationId, CausationId) " +
            "VALUES (@e, @s, @v, @t, @sv, @d, @r, @u, @cn, @ci, @co, @ca)";
        var parameters = new[] { "@e", "@s", "@v", "@t", "@sv", "@d", "@r", "@u", "@cn", "@ci", "@co", "@ca" }
            .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        insert.Prepare();
        foreach (var commit in commits)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            var now = DateTime.UtcNow;
            foreach (var row in commit)
            {
                parameters[0].Value = row.EventId;
                parameters[1].Value = row.StreamId;
                parameters[2].Value = row.Version;
                parameters[3].Value = row.Type;
                parameters[4].Value = row.SchemaVersion;
                parameters[5].Value = row.Data;
                parameters[6].Value = now;
                parameters[7].Value = row.Metadata.UserId;
                parameters[8].Value = row.Metadata.CommandName;
                parameters[9].Value = row.Metadata.CommandId;
                parameters[10].Value = row.Metadata.CorrelationId;
                parameters[11].Value = row.Metadata.CausationId;
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
    }

    public void Dispose() => SqliteConnection.ClearAllPools();
}

/// <summary>One event row, serialized in advance.</summary>
public sealed record RawRow(string EventId, string StreamId, long Version, string Type, int SchemaVersion, string Data, EventMetadata Metadata)
{
    public static RawRow[] Commit(EventTypeMap types, string streamId, long firstVersion, IReadOnlyList<object> events, EventMetadata metadata) =>
        events.Select((e, i) =>
        {
            var (name, schema) = types.NameOf(e);
            return new RawRow(Guid.CreateVersion7().ToString(), streamId, firstVersion + i, name, schema, types.Serialize(e), metadata);
        }).ToArray();
}
