using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BlazorEs.Infrastructure.EventStore;

/// <summary>
/// On SQLite a stream's events go in with one INSERT … SELECT over json_each instead of one INSERT per event.
/// Microsoft.Data.Sqlite looks up and marshals every parameter's name and value again on each execution, which on
/// this table costs about as much as SQLite's own insert; here the per-event fields travel as one JSON array, and the
/// stream, time and metadata are bound once per stream. Multi-row VALUES lists do not help: binding by name makes a
/// statement with n parameters cost O(n²).
/// </summary>
internal static class SqliteEventRows
{
    /// <summary>
    /// Row i of <c>@events</c> is <c>[EventId, Type, SchemaVersion, Data]</c>; it gets position @p + i and stream version @v + i.
    /// <c>@chain</c> is one blob of 32-byte hashes: the one before the stream's first event, then each event's (bytes
    /// 32·i + 1… are row i's previous hash, 32·(i + 1) + 1… its own).
    /// </summary>
    public const string Insert =
        "INSERT INTO Events (Position, EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, UserId, CommandName, CommandId, CorrelationId, CausationId, PreviousHash, Hash) " +
        "SELECT @p + e.key, e.value->>0, @s, @v + e.key, e.value->>1, e.value->>2, e.value->>3, @r, @u, @cn, @ci, @co, @ca, " +
        "substr(@chain, e.key * 32 + 1, 32), substr(@chain, e.key * 32 + 33, 32) FROM json_each(@events) AS e";

    public static readonly string[] Parameters = ["@p", "@s", "@v", "@events", "@r", "@u", "@cn", "@ci", "@co", "@ca", "@chain"];

    // Only what JSON itself requires is escaped (quotes, backslashes, control characters); SQLite's ->> returns the
    // original text either way, relaxed escaping just keeps the array short.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJson(IReadOnlyList<EventStoreWriter.PreparedEvent> events)
    {
        var buffer = new ArrayBufferWriter<byte>(events.Count * 256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var e in events)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(e.EventId);
                writer.WriteStringValue(e.Type);
                writer.WriteNumberValue(e.SchemaVersion);
                writer.WriteStringValue(e.Data);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
