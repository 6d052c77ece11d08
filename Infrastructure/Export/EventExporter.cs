using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BlazorEs.Infrastructure.Crash;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Export;

/// <summary>What an export wrote.</summary>
public sealed record ExportSummary(long Count, long? FirstPosition, long? LastPosition, string Signature);

/// <summary>
/// Evidence export: the events the filters match, streamed in position order to <c>output</c> as JSON lines or CSV, one
/// event per record with every column, its position and hashes, then the signed <see cref="ExportManifest"/> as the last
/// record. Memory stays flat for any size (rows are read as they are written); the export is recorded in the
/// <see cref="ExportStreams.Audit"/> stream twice: when it starts (who, what filter) and when it is complete (how many,
/// the manifest's signature), so an interrupted export is visible too.
/// </summary>
public sealed class EventExporter(StoreContextFactory factory, IntegrityKey key, EventStoreWriter writer, TimeProvider time)
{
    public static readonly string[] CsvHeader =
        ["record", "position", "eventId", "streamId", "streamVersion", "type", "schemaVersion", "recordedAt", "userId", "commandName",
         "commandId", "correlationId", "causationId", "data", "previousHash", "hash"];

    /// <summary>
    /// Records that the export starts (who, what filter), writes it, then records it complete (how many, the signature)
    /// under the same correlation id. The start is committed before the first byte is streamed: an export killed or
    /// abandoned halfway is in the audit as started and never completed. The export holds the log as it was when asked
    /// for: the events before its own start record.
    /// </summary>
    public async Task<ExportSummary> ExportAsync(ExportRequest request, string exportedBy, Stream output, CancellationToken ct)
    {
        var format = request.Format.ToString().ToLowerInvariant();
        var started = Guid.CreateVersion7().ToString();
        var start = await writer.AppendAsync(new AppendRequest(
            [new StreamAppend(ExportStreams.Audit, ExpectedVersion.Any, [new EventsExportStarted(format, request.FiltersText)])],
            new EventMetadata(exportedBy, "ExportEvents", started, started, started)), ct);
        var summary = await WriteAsync(request, exportedBy, output, ct, before: start.LastPosition);
        var id = Guid.CreateVersion7().ToString();
        await writer.AppendAsync(new AppendRequest(
            [new StreamAppend(ExportStreams.Audit, ExpectedVersion.Any, [new EventsExported(format, request.FiltersText,
                summary.Count, summary.FirstPosition, summary.LastPosition, summary.Signature)])],
            new EventMetadata(exportedBy, "ExportEvents", id, started, started)), ct);
        return summary;
    }

    /// <summary>Writes the export without recording it: only for measuring (the benchmark); every user's export goes through <see cref="ExportAsync"/>.</summary>
    /// <param name="before">Only events below this position (besides the request's own range): where the export's start record is.</param>
    public async Task<ExportSummary> WriteAsync(ExportRequest request, string exportedBy, Stream output, CancellationToken ct, long? before = null)
    {
        await using var sink = request.Format == ExportFormat.Csv ? (IRecordSink)new CsvSink(output) : new JsonLinesSink(output);
        using var hashes = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long count = 0;
        long? first = null, last = null;
        string? firstPrevious = null, lastHash = null;
        await using (var db = factory.CreateContext())
        {
            var query = await QueryAsync(db, request, ct);
            if (before is { } end) query = query.Where(e => e.Position < end);
            await foreach (var row in query.AsAsyncEnumerable().WithCancellation(ct))
            {
                var e = new ExportedEvent(row.Position, row.EventId, row.StreamId, row.StreamVersion, row.Type, row.SchemaVersion, row.RecordedAt,
                    row.UserId, row.CommandName, row.CommandId, row.CorrelationId, row.CausationId, row.Data,
                    EventHash.Hex(row.PreviousHash ?? []), EventHash.Hex(row.Hash ?? []));
                await sink.WriteEventAsync(e, ct);
                if (FaultPoints.Armed) FaultPoints.Reach(FaultPoints.ExportWriting);
                hashes.AppendData(row.Hash ?? []);
                count++;
                first ??= row.Position;
                firstPrevious ??= e.PreviousHash;
                last = row.Position;
                lastHash = e.Hash;
            }
        }

        var manifest = new ExportManifest(ExportManifest.Version, time.GetUtcNow().UtcDateTime, exportedBy, request.Filters(), request.Contiguous,
            count, first, last, firstPrevious, lastHash, Convert.ToHexStringLower(hashes.GetHashAndReset()), key.Id,
            await CheckpointsAsync(first, last, ct));
        var manifestJson = JsonSerializer.SerializeToUtf8Bytes(manifest, ExportJson.Manifest);
        var signature = Convert.ToHexStringLower(key.Sign(manifestJson));
        await sink.WriteManifestAsync(manifestJson, signature, ct);
        return new ExportSummary(count, first, last, signature);
    }

    /// <summary>How many events an export with these filters would hold (the console shows it before starting).</summary>
    public async Task<long> CountAsync(ExportRequest request, CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        return await (await QueryAsync(db, request, ct)).LongCountAsync(ct);
    }

    private static async Task<IQueryable<EventRecord>> QueryAsync(EventStoreDbContext db, ExportRequest request, CancellationToken ct)
    {
        var query = EventReader.Filter(db.Events.AsNoTracking(), request.Filter);
        if (request.Filter.From is not null || request.Filter.To is not null)
        {
            // As the timeline's pages: the time index bounds the positions first, so the scan walks only the window.
            var window = EventReader.Filter(db.Events.AsNoTracking(), new EventFilter(From: request.Filter.From, To: request.Filter.To));
            var low = await window.MinAsync(e => (long?)e.Position, ct) ?? long.MaxValue;
            var high = await window.MaxAsync(e => (long?)e.Position, ct) ?? long.MinValue;
            query = query.Where(e => e.Position >= low && e.Position <= high);
        }
        if (request.After is { } after) query = query.Where(e => e.Position > after);
        if (request.Before is { } before) query = query.Where(e => e.Position < before);
        return query.OrderBy(e => e.Position);
    }

    /// <summary>The signed checkpoints inside the exported range, and the first one at or after its end (the one that covers it).</summary>
    private async Task<IReadOnlyList<ExportedCheckpoint>> CheckpointsAsync(long? first, long? last, CancellationToken ct)
    {
        if (first is null || last is null) return [];
        await using var db = factory.CreateContext();
        var inside = await db.Set<SignedCheckpoint>().AsNoTracking().Where(c => c.Position >= first && c.Position <= last).OrderBy(c => c.Position).ToListAsync(ct);
        var covering = await db.Set<SignedCheckpoint>().AsNoTracking().Where(c => c.Position >= last).OrderBy(c => c.Position).FirstOrDefaultAsync(ct);
        return [.. inside.Append(covering).OfType<SignedCheckpoint>().DistinctBy(c => c.Position)
            .Select(c => new ExportedCheckpoint(c.Position, EventHash.Hex(c.Hash), c.CreatedAt, c.KeyId, EventHash.Hex(c.Signature)))];
    }

    private interface IRecordSink : IAsyncDisposable
    {
        ValueTask WriteEventAsync(ExportedEvent e, CancellationToken ct);
        ValueTask WriteManifestAsync(byte[] manifestJson, string signature, CancellationToken ct);
    }

    /// <summary>One JSON object per line; the last line is <c>{"manifest":{…},"signature":"…"}</c>.</summary>
    private sealed class JsonLinesSink(Stream output) : IRecordSink
    {
        private const int FlushAt = 64 * 1024;
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushAt * 2);
        private readonly Utf8JsonWriter _json = new(Stream.Null);

        public async ValueTask WriteEventAsync(ExportedEvent e, CancellationToken ct)
        {
            _json.Reset(_buffer);
            JsonSerializer.Serialize(_json, e, ExportJson.Event);
            _json.Flush();
            _buffer.Write("\n"u8);
            if (_buffer.WrittenCount >= FlushAt) await FlushAsync(ct);
        }

        public async ValueTask WriteManifestAsync(byte[] manifestJson, string signature, CancellationToken ct)
        {
            _buffer.Write("{\"manifest\":"u8);
            _buffer.Write(manifestJson);
            _buffer.Write(Encoding.UTF8.GetBytes($",\"signature\":\"{signature}\"}}\n"));
            await FlushAsync(ct);
        }

        private async ValueTask FlushAsync(CancellationToken ct)
        {
            await output.WriteAsync(_buffer.WrittenMemory, ct);
            _buffer.ResetWrittenCount();
        }

        public async ValueTask DisposeAsync()
        {
            await _json.DisposeAsync();
        }
    }

    /// <summary>CSV through CsvHelper (RFC 4180 quoting): a header, one row per event, then a "manifest" row (its JSON in data, the signature in hash).</summary>
    private sealed class CsvSink : IRecordSink
    {
        private readonly CsvWriter _csv;

        public CsvSink(Stream output)
        {
            // No formula escaping (the default): the fields must stay byte for byte what was hashed.
            _csv = CsvWriter.Create(output, null, leaveOpen: true);
            foreach (var name in CsvHeader) _csv.WriteField(name);
            _csv.EndRecord();
        }

        public async ValueTask WriteEventAsync(ExportedEvent e, CancellationToken ct)
        {
            _csv.WriteField("event");
            _csv.WriteField(e.Position.ToString(CultureInfo.InvariantCulture));
            _csv.WriteField(e.EventId);
            _csv.WriteField(e.StreamId);
            _csv.WriteField(e.StreamVersion.ToString(CultureInfo.InvariantCulture));
            _csv.WriteField(e.Type);
            _csv.WriteField(e.SchemaVersion.ToString(CultureInfo.InvariantCulture));
            _csv.WriteField(e.RecordedAt.ToString("O", CultureInfo.InvariantCulture));
            _csv.WriteField(e.UserId);
            _csv.WriteField(e.CommandName);
            _csv.WriteField(e.CommandId);
            _csv.WriteField(e.CorrelationId);
            _csv.WriteField(e.CausationId);
            _csv.WriteField(e.Data);
            _csv.WriteField(e.PreviousHash);
            _csv.WriteField(e.Hash);
            await _csv.EndRecordAsync(ct);
        }

        public async ValueTask WriteManifestAsync(byte[] manifestJson, string signature, CancellationToken ct)
        {
            _csv.WriteField("manifest");
            for (var i = 1; i < CsvHeader.Length - 3; i++) _csv.WriteField("");
            _csv.WriteField(Encoding.UTF8.GetString(manifestJson));
            _csv.WriteField("");
            _csv.WriteField(signature);
            await _csv.EndRecordAsync(ct);
            await _csv.FlushAsync(ct);
        }

        public ValueTask DisposeAsync() => _csv.DisposeAsync();
    }
}
