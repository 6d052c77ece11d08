using System.Data.Common;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Integrity;

/// <summary>
/// Chains the events a store held before it had a chain: once, in position order, under the writer's lock. SQL
/// cannot compute SHA-256 on every provider, so this is C#: the migration adds the columns and lets the database
/// accept exactly one update of each row's hash while it is still null (see the HashChain migration's triggers).
/// </summary>
internal static class ChainBackfill
{
    private const int BatchSize = 5_000;

    /// <summary>Chains every unchained event on <paramref name="connection"/> inside <paramref name="transaction"/>; returns the head's hash (null for an empty store).</summary>
    public static async Task<byte[]?> RunAsync(DbConnection connection, DbTransaction transaction, DatabaseProvider provider, ILogger logger, CancellationToken ct = default)
    {
        var first = await ScalarAsync(connection, transaction, "SELECT MIN(Position) FROM Events WHERE Hash IS NULL", ct);
        if (first is not long start)
            return await ScalarAsync(connection, transaction, Top(provider, "Hash FROM Events ORDER BY Position DESC"), ct) as byte[];

        var previous = await ScalarAsync(connection, transaction,
            Top(provider, $"Hash FROM Events WHERE Position < {start} ORDER BY Position DESC"), ct) as byte[] ?? EventHash.Genesis.ToArray();
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE Events SET PreviousHash = @ph, Hash = @h WHERE Position = @p";
        var ph = Add(update, "@ph");
        var h = Add(update, "@h");
        var p = Add(update, "@p");

        var after = start - 1;
        var chained = 0L;
        var digest = new byte[EventHash.Size];
        while (true)
        {
            var rows = await ReadAsync(connection, transaction, provider, after, ct);
            if (rows.Count == 0) break;
            foreach (var r in rows)
            {
                EventHash.Digest(r.StreamId, r.EventId, r.Type, r.SchemaVersion, r.UserId, r.CommandName, r.CommandId, r.CorrelationId, r.CausationId, r.Data, digest);
                var hash = new byte[EventHash.Size];
                EventHash.Link(previous, r.Position, r.StreamVersion, r.RecordedAt.Ticks, digest, hash);
                ph.Value = previous;
                h.Value = hash;
                p.Value = r.Position;
                await update.ExecuteNonQueryAsync(ct);
                previous = hash;
            }
            chained += rows.Count;
            after = rows[^1].Position;
        }
        logger.LogWarning("Chained {Count} events stored before the hash chain existed (positions {First}–{Last}).", chained, start, after);
        return previous;
    }

    private static async Task<List<EventRecord>> ReadAsync(DbConnection connection, DbTransaction transaction, DatabaseProvider provider, long after, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = provider == DatabaseProvider.SqlServer
            ? $"SELECT TOP ({BatchSize}) {EventRows.Columns} FROM Events WHERE Position > @after ORDER BY Position"
            : $"SELECT {EventRows.Columns} FROM Events WHERE Position > @after ORDER BY Position LIMIT {BatchSize}";
        Add(command, "@after").Value = after;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<EventRecord>(BatchSize);
        while (await reader.ReadAsync(ct))
            rows.Add(new EventRecord
            {
                Position = reader.GetInt64(0), EventId = reader.GetString(1), StreamId = reader.GetString(2), StreamVersion = reader.GetInt64(3),
                Type = reader.GetString(4), SchemaVersion = reader.GetInt32(5), Data = reader.GetString(6), RecordedAt = reader.GetDateTime(7),
                UserId = reader.GetString(8), CommandName = reader.GetString(9), CommandId = reader.GetString(10),
                CorrelationId = reader.GetString(11), CausationId = reader.GetString(12),
            });
        return rows;
    }

    private static string Top(DatabaseProvider provider, string rest) =>
        provider == DatabaseProvider.SqlServer ? $"SELECT TOP (1) {rest}" : $"SELECT {rest} LIMIT 1";

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    private static DbParameter Add(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
