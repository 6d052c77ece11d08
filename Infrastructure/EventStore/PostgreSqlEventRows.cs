using System.Data.Common;

namespace BlazorEs.Infrastructure.EventStore;

/// <summary>
/// On PostgreSQL a stream's events go in with one INSERT … SELECT over unnest of four arrays (ids, types, schema
/// versions, data) instead of one INSERT per event: one round trip per stream, the per-event fields bound as binary
/// arrays and the stream, time and metadata once. The statement is prepared on the writer's connection (auto-prepare,
/// see <c>StoreContextFactory</c>), so each batch only binds and executes it.
/// </summary>
internal static class PostgreSqlEventRows
{
    /// <summary>
    /// Element i (1-based) of the arrays gets position @p + i - 1 and stream version @v + i - 1. <c>@chain</c> is one
    /// bytea of 32-byte hashes, as on SQLite: the one before the stream's first event, then each event's.
    /// </summary>
    public const string Insert =
        "INSERT INTO Events (Position, EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, UserId, CommandName, CommandId, CorrelationId, CausationId, PreviousHash, Hash) " +
        "SELECT @p + e.i - 1, e.id, @s, @v + e.i - 1, e.t, e.sv, e.d, @r, @u, @cn, @ci, @co, @ca, " +
        "substring(@chain FROM (e.i::int - 1) * 32 + 1 FOR 32), substring(@chain FROM e.i::int * 32 + 1 FOR 32) " +
        "FROM unnest(@ids, @types, @schemas, @data) WITH ORDINALITY AS e(id, t, sv, d, i)";

    public static readonly string[] Parameters = ["@p", "@s", "@v", "@ids", "@types", "@schemas", "@data", "@r", "@u", "@cn", "@ci", "@co", "@ca", "@chain"];

    /// <summary>Binds the stream's events to <see cref="Insert"/>'s arrays; the metadata parameters start at index 7.</summary>
    public static void Bind(DbParameterCollection p, long firstPosition, EventStoreWriter.PreparedStream stream, long firstVersion)
    {
        var events = stream.Events;
        var ids = new string[events.Length];
        var types = new string[events.Length];
        var schemas = new int[events.Length];
        var data = new string[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            ids[i] = events[i].EventId;
            types[i] = events[i].Type;
            schemas[i] = events[i].SchemaVersion;
            data[i] = events[i].Data;
        }
        p[0].Value = firstPosition;
        p[1].Value = stream.StreamId;
        p[2].Value = firstVersion;
        p[3].Value = ids;
        p[4].Value = types;
        p[5].Value = schemas;
        p[6].Value = data;
    }
}
