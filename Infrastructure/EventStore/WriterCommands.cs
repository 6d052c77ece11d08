using System.Data.Common;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;

namespace BlazorEs.Infrastructure.EventStore;

/// <summary>
/// The writer's SQL on its one connection: commands are created once per connection and re-executed with new
/// parameter values in each batch's transaction (prepared statements; EF's change tracker is several times slower
/// here). On SQLite a stream's events are one statement (<see cref="SqliteEventRows"/>), on PostgreSQL too
/// (<see cref="PostgreSqlEventRows"/>); on SQL Server one prepared INSERT per event, well under its 2,100-parameter limit.
/// </summary>
internal sealed class WriterCommands(DbConnection connection, DatabaseProvider provider) : IDisposable
{
    private readonly List<DbCommand> _created = [];
    private DbTransaction? _transaction;
    private DbCommand? _appendLock;
    private DbCommand? _headPosition;
    private DbCommand? _insertEvent;
    private DbCommand? _insertEvents;
    private DbCommand? _insertCommand;
    private DbCommand? _streamVersion;
    private DbCommand? _commandResult;
    private PostgreSqlWriterBatch? _postgreSql;

    internal const string InsertCommandSql = "INSERT INTO Commands (CommandId, CommandName, CorrelationId, Result, RecordedAt) VALUES (@c, @n, @co, @r, @t)";

    /// <summary>Starts the batch's transaction; every command of this connection runs in it until the next one.</summary>
    public async Task<DbTransaction> BeginAsync()
    {
        // PostgreSQL: READ COMMITTED whatever the server's default, so the head is read after the append lock is held
        // with a snapshot of its own (see PostgreSqlSql.AppendLock); repeatable read would keep a snapshot from before.
        var transaction = provider == DatabaseProvider.PostgreSql
            ? await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted)
            : await connection.BeginTransactionAsync();
        _transaction = transaction;
        foreach (var command in _created) command.Transaction = transaction;
        return transaction;
    }

    /// <summary>
    /// SQLite's write transaction already excludes every other writer (BEGIN IMMEDIATE). On SQL Server and
    /// PostgreSQL, several instances may append at once: a lock held until the commit (an application lock, a
    /// transaction-level advisory lock) serializes position assignment across all of them.
    /// </summary>
    public async Task LockAppendsAsync()
    {
        if (provider == DatabaseProvider.Sqlite) return;
        _appendLock ??= Create(provider == DatabaseProvider.SqlServer ? SqlServerSql.AppendLock : PostgreSqlSql.AppendLock);
        await _appendLock.ExecuteNonQueryAsync();
    }

    public DbConnection Connection => connection;

    /// <summary>On PostgreSQL: the group commit in three round trips (<see cref="PostgreSqlWriterBatch"/>); null elsewhere.</summary>
    public PostgreSqlWriterBatch? PostgreSql =>
        provider == DatabaseProvider.PostgreSql ? _postgreSql ??= new PostgreSqlWriterBatch((Npgsql.NpgsqlConnection)connection) : null;

    /// <summary>The newest row's position, hash and recorded-at (see <see cref="HeadAsync"/>).</summary>
    public string HeadSql => provider == DatabaseProvider.SqlServer
        ? "SELECT TOP (1) Position, Hash, RecordedAt FROM Events ORDER BY Position DESC"
        : "SELECT Position, Hash, RecordedAt FROM Events ORDER BY Position DESC LIMIT 1";

    /// <summary>
    /// The last event's position, hash and recorded-at, in one indexed read of the newest row (0, null and null for an
    /// empty store; a null hash before the chain reached it). The time is the writer's clock floor.
    /// </summary>
    public async Task<(long Position, byte[]? Hash, DateTime? RecordedAt)> HeadAsync()
    {
        _headPosition ??= Create(HeadSql);
        await using var reader = await _headPosition.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return (0, null, null);
        var recordedAt = reader.GetValue(2) switch
        {
            DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
            string text => DateTime.SpecifyKind(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc),
            _ => (DateTime?)null,
        };
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1), recordedAt);
    }

    public async Task<long> StreamVersionAsync(string streamId)
    {
        _streamVersion ??= Create("SELECT COALESCE(MAX(StreamVersion), 0) FROM Events WHERE StreamId = @s", "@s");
        _streamVersion.Parameters[0].Value = streamId;
        return Convert.ToInt64(await _streamVersion.ExecuteScalarAsync());
    }

    public async Task<string?> CommandResultAsync(string commandId)
    {
        _commandResult ??= Create("SELECT Result FROM Commands WHERE CommandId = @c", "@c");
        _commandResult.Parameters[0].Value = commandId;
        return await _commandResult.ExecuteScalarAsync() as string;
    }

    /// <summary>Writes a stream's events at positions <paramref name="firstPosition"/>… and versions <paramref name="firstVersion"/>….</summary>
    /// <param name="chain">The hash before the first event, then each event's hash (<see cref="EventStoreWriter"/>'s links).</param>
    public async Task InsertEventsAsync(long firstPosition, EventStoreWriter.PreparedStream stream, long firstVersion, DateTime recordedAt, EventMetadata metadata, byte[] chain)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            _insertEvents ??= Create(SqliteEventRows.Insert, SqliteEventRows.Parameters);
            var p = _insertEvents.Parameters;
            p[0].Value = firstPosition;
            p[1].Value = stream.StreamId;
            p[2].Value = firstVersion;
            p[3].Value = stream.SqliteRows ?? SqliteEventRows.ToJson(stream.Events);
            SetMetadata(p, 4, recordedAt, metadata);
            p[10].Value = chain;
            var written = await _insertEvents.ExecuteNonQueryAsync();
            if (written != stream.Events.Length)
                throw new InvalidOperationException($"Wrote {written} of {stream.Events.Length} events to {stream.StreamId}.");
            return;
        }
        if (provider == DatabaseProvider.PostgreSql)
        {
            _insertEvents ??= Create(PostgreSqlEventRows.Insert, PostgreSqlEventRows.Parameters);
            PostgreSqlEventRows.Bind(_insertEvents.Parameters, firstPosition, stream, firstVersion);
            SetMetadata(_insertEvents.Parameters, 7, recordedAt, metadata);
            _insertEvents.Parameters[13].Value = chain;
            var written = await _insertEvents.ExecuteNonQueryAsync();
            if (written != stream.Events.Length)
                throw new InvalidOperationException($"Wrote {written} of {stream.Events.Length} events to {stream.StreamId}.");
            return;
        }

        for (var i = 0; i < stream.Events.Length; i++)
            await InsertEventAsync(firstPosition + i, stream.Events[i], stream.StreamId, firstVersion + i, recordedAt, metadata,
                chain.AsSpan(i * EventHash.Size, EventHash.Size).ToArray(), chain.AsSpan((i + 1) * EventHash.Size, EventHash.Size).ToArray());
    }

    private async Task InsertEventAsync(long position, EventStoreWriter.PreparedEvent e, string streamId, long version, DateTime recordedAt, EventMetadata metadata,
        byte[] previousHash, byte[] hash)
    {
        _insertEvent ??= Create(
            "INSERT INTO Events (Position, EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, UserId, CommandName, CommandId, CorrelationId, CausationId, PreviousHash, Hash) " +
            "VALUES (@p, @e, @s, @v, @t, @sv, @d, @r, @u, @cn, @ci, @co, @ca, @ph, @h)",
            "@p", "@e", "@s", "@v", "@t", "@sv", "@d", "@r", "@u", "@cn", "@ci", "@co", "@ca", "@ph", "@h");
        var p = _insertEvent.Parameters;
        p[0].Value = position;
        p[1].Value = e.EventId;
        p[2].Value = streamId;
        p[3].Value = version;
        p[4].Value = e.Type;
        p[5].Value = e.SchemaVersion;
        p[6].Value = e.Data;
        SetMetadata(p, 7, recordedAt, metadata);
        p[13].Value = previousHash;
        p[14].Value = hash;
        await _insertEvent.ExecuteNonQueryAsync();
    }

    internal static void SetMetadata(DbParameterCollection p, int first, DateTime recordedAt, EventMetadata metadata)
    {
        p[first].Value = recordedAt;
        p[first + 1].Value = metadata.UserId;
        p[first + 2].Value = metadata.CommandName;
        p[first + 3].Value = metadata.CommandId;
        p[first + 4].Value = metadata.CorrelationId;
        p[first + 5].Value = metadata.CausationId;
    }

    public async Task InsertCommandAsync(EventMetadata metadata, string result, DateTime recordedAt)
    {
        _insertCommand ??= Create(InsertCommandSql, "@c", "@n", "@co", "@r", "@t");
        var p = _insertCommand.Parameters;
        p[0].Value = metadata.CommandId;
        p[1].Value = metadata.CommandName;
        p[2].Value = metadata.CorrelationId;
        p[3].Value = result;
        p[4].Value = recordedAt;
        await _insertCommand.ExecuteNonQueryAsync();
    }

    private DbCommand Create(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
        _created.Add(command);
        return command;
    }

    public void Dispose()
    {
        _postgreSql?.Discard();
        foreach (var command in _created) command.Dispose();
        _created.Clear();
    }
}
