using BlazorEs.Infrastructure.Persistence;
using Npgsql;

namespace BlazorEs.Infrastructure.EventStore;

/// <summary>
/// The writer's round trips on PostgreSQL, where each one is a wake-up of a server process and, with several
/// instances, is paid while the append lock is held by every writer of every instance. A group commit costs three:
/// the lock with everything the decisions need read under it (head, stored command ids, stream versions), then every
/// command's inserts together, then the commit. It used to cost about six per command (idempotency check, version
/// check, savepoint, insert, insert, release), all under the lock: three instances on one database then spent the
/// lock waiting on round trips and committed fewer commands than one.
/// </summary>
internal sealed class PostgreSqlWriterBatch(NpgsqlConnection connection)
{
    private const string StoredCommands = "SELECT CommandId, Result FROM Commands WHERE CommandId = ANY(@ids)";

    // One index probe per stream (the unique StreamId, StreamVersion index, read backwards), not an aggregate over a scan.
    private const string StreamVersions =
        "SELECT s.id, (SELECT COALESCE(MAX(e.StreamVersion), 0) FROM Events e WHERE e.StreamId = s.id) FROM unnest(@streams) AS s(id)";

    private NpgsqlBatch? _writes;
    private readonly List<int> _expectedRows = [];

    /// <summary>What the batch's decisions need, read under the append lock in the same round trip that takes it.</summary>
    internal sealed record Reads(long Position, byte[]? Hash, DateTime? RecordedAt, Dictionary<string, string> Results, Dictionary<string, long> Versions);

    /// <summary>
    /// Takes the append lock and reads the head, which of <paramref name="commandIds"/> are stored (with their result)
    /// and the version of each of <paramref name="streamIds"/>, in one round trip. The statements run in order, each
    /// with a snapshot of its own under READ COMMITTED, so the reads see every commit of the lock's previous holder.
    /// </summary>
    public async Task<Reads> LockAndReadAsync(string headSql, string[] commandIds, string[] streamIds)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgreSqlSql.AppendLock));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(headSql));
        var ids = new NpgsqlBatchCommand(StoredCommands);
        ids.Parameters.AddWithValue("ids", commandIds);
        batch.BatchCommands.Add(ids);
        var streams = new NpgsqlBatchCommand(StreamVersions);
        streams.Parameters.AddWithValue("streams", streamIds);
        batch.BatchCommands.Add(streams);

        await using var reader = await batch.ExecuteReaderAsync();
        await reader.NextResultAsync(); // past the lock's one row
        long position = 0;
        byte[]? hash = null;
        DateTime? recordedAt = null;
        if (await reader.ReadAsync())
        {
            position = reader.GetInt64(0);
            hash = reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1);
            recordedAt = reader.IsDBNull(2) ? null : DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc);
        }
        await reader.NextResultAsync();
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) results[reader.GetString(0)] = reader.GetString(1);
        await reader.NextResultAsync();
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) versions[reader.GetString(0)] = reader.GetInt64(1);
        return new Reads(position, hash, recordedAt, results, versions);
    }

    /// <summary>Queues a stream's events (the same statement as the one-by-one path, <see cref="PostgreSqlEventRows.Insert"/>).</summary>
    public void QueueEvents(long firstPosition, EventStoreWriter.PreparedStream stream, long firstVersion, DateTime recordedAt, EventMetadata metadata, byte[] chain)
    {
        var command = new NpgsqlBatchCommand(PostgreSqlEventRows.Insert);
        foreach (var name in PostgreSqlEventRows.Parameters) command.Parameters.Add(new NpgsqlParameter { ParameterName = name });
        PostgreSqlEventRows.Bind(command.Parameters, firstPosition, stream, firstVersion);
        WriterCommands.SetMetadata(command.Parameters, 7, recordedAt, metadata);
        command.Parameters[13].Value = chain;
        Writes.BatchCommands.Add(command);
        _expectedRows.Add(stream.Events.Length);
    }

    /// <summary>Queues a command's idempotency row.</summary>
    public void QueueCommand(EventMetadata metadata, string result, DateTime recordedAt)
    {
        var command = new NpgsqlBatchCommand(WriterCommands.InsertCommandSql);
        command.Parameters.AddWithValue("c", metadata.CommandId);
        command.Parameters.AddWithValue("n", metadata.CommandName);
        command.Parameters.AddWithValue("co", metadata.CorrelationId);
        command.Parameters.AddWithValue("r", result);
        command.Parameters.AddWithValue("t", recordedAt);
        Writes.BatchCommands.Add(command);
        _expectedRows.Add(1);
    }

    /// <summary>
    /// Sends every queued insert in one round trip. A failure (a unique index, say) aborts the whole transaction: the
    /// caller rolls it back and writes the batch again command by command, each in a savepoint of its own.
    /// </summary>
    public async Task WriteAsync()
    {
        if (_writes is not { } writes) return;
        _writes = null;
        try
        {
            await writes.ExecuteNonQueryAsync();
            for (var i = 0; i < _expectedRows.Count; i++)
                if (writes.BatchCommands[i].RecordsAffected != _expectedRows[i])
                    throw new InvalidOperationException($"Wrote {writes.BatchCommands[i].RecordsAffected} rows of {_expectedRows[i]} in statement {i + 1} of the group commit.");
        }
        finally
        {
            _expectedRows.Clear();
            await writes.DisposeAsync();
        }
    }

    /// <summary>Drops whatever was queued (the batch is written the other way).</summary>
    public void Discard()
    {
        _writes?.Dispose();
        _writes = null;
        _expectedRows.Clear();
    }

    private NpgsqlBatch Writes => _writes ??= new NpgsqlBatch(connection);
}
