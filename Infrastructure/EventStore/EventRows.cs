using System.Data.Common;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.EventStore;

/// <summary>
/// The log's hot read: plain SQL through the context's own connection and a data reader, no EF materialization.
/// Replay, catch-up and rebuild read the log in long sequential passes, where EF's per-row work cost more than the read.
/// </summary>
internal static class EventRows
{
    /// <summary>Every column of an event row, in the order <see cref="SqliteLogScan"/> reads them by ordinal too.</summary>
    internal const string Columns = "Position, EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, "
        + "UserId, CommandName, CommandId, CorrelationId, CausationId";

    /// <summary>At most <paramref name="limit"/> events in (after, to], position order, read by <paramref name="read"/>.</summary>
    public static async Task<List<T>> AfterAsync<T>(StoreContextFactory factory, Func<DbDataReader, T> read, long after, long to, int limit, CancellationToken ct)
    {
        // The only difference between the providers: how a query says "the first N rows".
        var sql = factory.Provider == DatabaseProvider.SqlServer
            ? $"SELECT TOP (@limit) {Columns} FROM Events WHERE Position > @after AND Position <= @to ORDER BY Position"
            : $"SELECT {Columns} FROM Events WHERE Position > @after AND Position <= @to ORDER BY Position LIMIT @limit";
        return await QueryAsync(factory, read, sql, ct, ("@after", after), ("@to", to), ("@limit", limit));
    }

    /// <summary>One stream's events with versions in [from, to], version order, read by <paramref name="read"/>.</summary>
    public static Task<List<T>> StreamAsync<T>(StoreContextFactory factory, Func<DbDataReader, T> read, string streamId, long from, long to, CancellationToken ct) =>
        QueryAsync(factory, read,
            $"SELECT {Columns} FROM Events WHERE StreamId = @stream AND StreamVersion >= @from AND StreamVersion <= @to ORDER BY StreamVersion",
            ct, ("@stream", streamId), ("@from", from), ("@to", to));

    /// <summary>The events of several streams at or before <paramref name="to"/>, position order (at most <see cref="MaxStreams"/> streams: SQL Server takes 2,100 parameters).</summary>
    public static Task<List<T>> StreamsAsync<T>(StoreContextFactory factory, Func<DbDataReader, T> read, IReadOnlyList<string> streamIds, long to, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(streamIds.Count, MaxStreams);
        var names = string.Join(", ", streamIds.Select((_, i) => $"@s{i}"));
        var parameters = streamIds.Select((id, i) => ($"@s{i}", (object)id)).Append(("@to", to)).ToArray();
        return QueryAsync(factory, read, $"SELECT {Columns} FROM Events WHERE StreamId IN ({names}) AND Position <= @to ORDER BY Position", ct, parameters);
    }

    internal const int MaxStreams = 1000;

    private static async Task<List<T>> QueryAsync<T>(StoreContextFactory factory, Func<DbDataReader, T> read, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var db = factory.CreateContext();
        // Opened through EF so the connection interceptors (SQLite pragmas) run as for every other read.
        await db.Database.OpenConnectionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<T>();
        while (await reader.ReadAsync(ct)) events.Add(read(reader));
        return events;
    }

    /// <summary>A row decoded: Data deserialized (and upcast), the stored text kept when it is current.</summary>
    public static StoredEvent Stored(DbDataReader r, EventTypeMap types)
    {
        var type = r.GetString(4);
        var schema = r.GetInt32(5);
        var json = r.GetString(6);
        return new StoredEvent(
            r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), type, schema, Time(r),
            types.Deserialize(type, schema, json), Metadata(r))
        {
            Json = types.IsCurrent(type, schema) ? json : null,
        };
    }

    /// <summary>A row as readers show it: Data is the stored text, never deserialized (upcast as JSON when it is older).</summary>
    public static RecordedEvent Recorded(DbDataReader r, EventTypeMap types)
    {
        var type = r.GetString(4);
        var schema = r.GetInt32(5);
        return new RecordedEvent(
            r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), type, schema, Time(r),
            r.GetString(8), r.GetString(9), r.GetString(10), r.GetString(11), r.GetString(12),
            types.CurrentJson(type, schema, r.GetString(6)));
    }

    // Every time in the store is UTC (as the EF model's converter says).
    private static DateTime Time(DbDataReader r) => DateTime.SpecifyKind(r.GetDateTime(7), DateTimeKind.Utc);

    private static EventMetadata Metadata(DbDataReader r) =>
        new(r.GetString(8), r.GetString(9), r.GetString(10), r.GetString(11), r.GetString(12));
}
