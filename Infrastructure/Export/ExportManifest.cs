using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace BlazorEs.Infrastructure.Export;

/// <summary>
/// The last record of an export, signed (HMAC-SHA256 with the integrity key over its JSON bytes as written): what was
/// exported, by whom, and enough to check the events offline — their count, positions, the first event's previous
/// hash and the last one's hash, a digest over every exported hash in order, and the signed checkpoints that cover them.
/// </summary>
public sealed record ExportManifest(
    string Format,
    DateTime ExportedAt,
    string ExportedBy,
    IReadOnlyDictionary<string, string> Filters,
    bool Contiguous,
    long Count,
    long? FirstPosition,
    long? LastPosition,
    string? FirstPreviousHash,
    string? LastHash,
    string HashesSha256,
    string KeyId,
    IReadOnlyList<ExportedCheckpoint> Checkpoints)
{
    public const string Version = "BlazorEs.Export/1";
}

/// <summary>A signed checkpoint as the export carries it (hashes and signature in hex).</summary>
public sealed record ExportedCheckpoint(long Position, string Hash, DateTime CreatedAt, string KeyId, string Signature);

/// <summary>One exported event: every column of the row, the data as the stored JSON text (a string, so its bytes survive).</summary>
public sealed record ExportedEvent(
    long Position, string EventId, string StreamId, long StreamVersion, string Type, int SchemaVersion, DateTime RecordedAt,
    string UserId, string CommandName, string CommandId, string CorrelationId, string CausationId, string Data,
    string PreviousHash, string Hash);

[JsonSerializable(typeof(ExportManifest))]
[JsonSerializable(typeof(ExportedEvent))]
internal sealed partial class ExportJsonContext : JsonSerializerContext;

/// <summary>Web naming (camelCase), source-generated; only what JSON requires is escaped, so the data text stays readable.</summary>
internal static class ExportJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = ExportJsonContext.Default,
    };

    public static JsonTypeInfo<ExportedEvent> Event { get; } = (JsonTypeInfo<ExportedEvent>)Options.GetTypeInfo(typeof(ExportedEvent));
    public static JsonTypeInfo<ExportManifest> Manifest { get; } = (JsonTypeInfo<ExportManifest>)Options.GetTypeInfo(typeof(ExportManifest));
}
