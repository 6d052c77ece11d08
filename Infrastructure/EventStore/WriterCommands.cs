using System.Data.Common;
using BlazorEs.Infrastructure.Persistence;

namespace BlazorEs.Infrastructure.EventStore;

/// <summary>
/// The writer's SQL on one connection and transaction: commands are created once per batch and re-executed
/// with new parameter values (prepared inserts; EF's change tracker is several times slower here).
/// </summary>
internal sealed class WriterCommands(DbConnection connection, DbTransaction transaction, DatabaseProvider provider)
{
    private DbCommand? _insertEvent;
    private DbCommand? _insertCommand;
    private DbCommand? _streamVersion;
    private DbCommand? _commandResult;

    /// <summary>
    /// SQLite's write transaction already excludes every other writer (BEGIN IMMEDIATE). On SQL Server, several
    /// instances may append at once: an application lock serializes position assignment across all of them.
    /// </summary>
    public async Task LockAppendsAsync()
    {
        if (provider != DatabaseProvider.SqlServer) return;
        await using var command = Create(SqlServerSql.AppendLock);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> HeadPositionAsync()
    {
        await using var command = Create("SELECT COALESCE(MAX(Position), 0) FROM Events");
        return Convert.ToInt64(await command.ExecuteScalarAsync());
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

    public async Task InsertEventAsync(long position, EventStoreWriter.PreparedEvent e, string streamId, long version, DateTime recordedAt, EventMetadata metadata)
    {
        _insertEvent ??= Create(
            "INSERT INTO Events (Position, EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, UserId, CommandName, CommandId, CorrelationId, CausationId) " +
            "VALUES (@p, @e, @s, @v, @t, @sv, @d, @r, @u, @cn, @ci, @co, @ca)",
            "@p", "@e", "@s", "@v", "@t", "@sv", "@d", "@r", "@u", "@cn", "@ci", "@co", "@ca");
        var p = _insertEvent.Parameters;
        p[0].Value = position;
        p[1].Value = e.EventId;
        p[2].Value = streamId;
        p[3].Value = version;
        p[4].Value = e.Type;
        p[5].Value = e.SchemaVersion;
        p[6].Value = e.Data;
        p[7].Value = recordedAt;
        p[8].Value = metadata.UserId;
        p[9].Value = metadata.CommandName;
        p[10].Value = metadata.CommandId;
        p[11].Value = metadata.CorrelationId;
        p[12].Value = metadata.CausationId;
        await _insertEvent.ExecuteNonQueryAsync();
    }

    public async Task InsertCommandAsync(EventMetadata metadata, string result, DateTime recordedAt)
    {
        _insertCommand ??= Create(
            "INSERT INTO Commands (CommandId, CommandName, CorrelationId, Result, RecordedAt) VALUES (@c, @n, @co, @r, @t)",
            "@c", "@n", "@co", "@r", "@t");
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
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
