using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BlazorEs.Infrastructure.Integrity;
using CsvHelper;

namespace BlazorEs.Infrastructure.Export;

/// <summary>What an offline check of an export found: how many events it checked, and every problem (none when it verifies).</summary>
public sealed record ExportVerification(long Events, ExportManifest? Manifest, IReadOnlyList<string> Problems)
{
    public bool Verifies => Problems.Count == 0 && Manifest is not null;
}

/// <summary>
/// Checks an export file offline, with nothing but the file and the key: every event's hash recomputed from its fields
/// (<see cref="EventHash"/>), the links between them where the range is contiguous, the manifest's count, range and
/// digest over the hashes, its signature, and the signed checkpoints it carries (against the events where they fall
/// inside). Reads the file twice (the manifest is its last record), so memory stays flat.
/// </summary>
public static class ExportVerifier
{
    private const int MaxProblems = 20;

    public static ExportVerification Verify(string path, IntegrityKey key)
    {
        var problems = new List<string>();
        var csv = IsCsv(path);
        ExportManifest? manifest = null;
        string? signature = null;
        byte[]? manifestBytes = null;
        foreach (var record in Records(path, csv))
            if (record.Manifest is not null) (manifestBytes, signature) = (record.Manifest, record.Signature);
        if (manifestBytes is null) return new ExportVerification(0, null, ["The file has no manifest: it was cut short or is not a BlazorEs export."]);
        try
        {
            manifest = JsonSerializer.Deserialize(manifestBytes, ExportJson.Manifest);
        }
        catch (JsonException ex)
        {
            return new ExportVerification(0, null, [$"The manifest is not valid JSON: {ex.Message}"]);
        }
        if (manifest is null) return new ExportVerification(0, null, ["The manifest is empty."]);
        if (manifest.KeyId != key.Id) problems.Add($"The manifest was signed with key {manifest.KeyId}; the key given is {key.Id}.");
        else if (signature is null || !TryHex(signature, out var sig) || !key.Verifies(manifestBytes, sig))
            problems.Add("The manifest's signature does not verify: the manifest was changed, or the key is not the one that signed it.");

        var checkpoints = manifest.Checkpoints.ToDictionary(c => c.Position);
        foreach (var c in manifest.Checkpoints)
            if (c.KeyId != key.Id || !TryHex(c.Hash, out var h) || !TryHex(c.Signature, out var s) || !key.Verifies(IntegrityKey.CheckpointMessage(c.Position, h, c.CreatedAt), s))
                problems.Add($"The checkpoint at position {c.Position} does not verify.");

        using var digests = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var digest = new byte[EventHash.Size];
        var computed = new byte[EventHash.Size];
        long count = 0, line = csv ? 1 : 0;
        ExportedEvent? previous = null;
        foreach (var record in Records(path, csv))
        {
            line++;
            if (record.Event is not { } e) continue;
            count++;
            if (!TryHex(e.PreviousHash, out var ph) || !TryHex(e.Hash, out var stated) || ph.Length != 32 || stated.Length != 32)
            {
                Add(problems, $"Record {line} (position {e.Position}): its hashes are not 32-byte hex.");
                continue;
            }
            EventHash.Digest(e.StreamId, e.EventId, e.Type, e.SchemaVersion, e.UserId, e.CommandName, e.CommandId, e.CorrelationId, e.CausationId, e.Data, digest);
            EventHash.Link(ph, e.Position, e.StreamVersion, e.RecordedAt.Ticks, digest, computed);
            if (!computed.AsSpan().SequenceEqual(stated)) Add(problems, $"Record {line} (position {e.Position}): its content does not give its hash — it was edited.");
            if (previous is not null)
            {
                if (e.Position <= previous.Position) Add(problems, $"Record {line}: position {e.Position} does not follow {previous.Position}.");
                else if (manifest.Contiguous && e.Position != previous.Position + 1) Add(problems, $"Record {line}: positions {previous.Position + 1}–{e.Position - 1} are missing.");
                else if (manifest.Contiguous && e.PreviousHash != previous.Hash) Add(problems, $"Record {line} (position {e.Position}): it does not link to the event before it.");
            }
            if (checkpoints.TryGetValue(e.Position, out var checkpoint) && checkpoint.Hash != e.Hash)
                Add(problems, $"Record {line} (position {e.Position}): its hash is not the one the checkpoint there signed.");
            digests.AppendData(stated);
            previous = e;
        }

        if (count != manifest.Count) problems.Add($"The file holds {count} events; the manifest says {manifest.Count}.");
        if (!Convert.ToHexStringLower(digests.GetHashAndReset()).Equals(manifest.HashesSha256, StringComparison.Ordinal))
            problems.Add("The digest over the events' hashes differs from the manifest's: events were removed, added or reordered.");
        if (count > 0 && (previous!.Position != manifest.LastPosition || previous.Hash != manifest.LastHash))
            problems.Add($"The last event (position {previous.Position}) is not the one the manifest names ({manifest.LastPosition}).");
        return new ExportVerification(count, manifest, problems);
    }

    private static void Add(List<string> problems, string problem)
    {
        if (problems.Count < MaxProblems) problems.Add(problem);
    }

    private sealed record Record(ExportedEvent? Event, byte[]? Manifest = null, string? Signature = null);

    private static bool IsCsv(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadLine()?.StartsWith("record,", StringComparison.Ordinal) == true;
    }

    private static IEnumerable<Record> Records(string path, bool csv) => csv ? CsvRecords(path) : JsonLines(path);

    private static IEnumerable<Record> JsonLines(string path)
    {
        foreach (var text in File.ReadLines(path))
        {
            if (text.Length == 0) continue;
            Record record;
            try
            {
                using var doc = JsonDocument.Parse(text);
                record = doc.RootElement.TryGetProperty("manifest", out var m)
                    ? new Record(null, Encoding.UTF8.GetBytes(m.GetRawText()), doc.RootElement.TryGetProperty("signature", out var s) ? s.GetString() : null)
                    : new Record(doc.RootElement.Deserialize(ExportJson.Event));
            }
            catch (JsonException)
            {
                record = new Record(Broken);
            }
            yield return record;
        }
    }

    private static IEnumerable<Record> CsvRecords(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = CsvReader.Create(reader, null, leaveOpen: false);
        while (csv.Read())
        {
            string F(string name) => csv.GetString(name);
            if (F("record") == "manifest") { yield return new Record(null, Encoding.UTF8.GetBytes(F("data")), F("hash")); continue; }
            ExportedEvent e;
            try
            {
                e = new ExportedEvent(long.Parse(F("position"), CultureInfo.InvariantCulture), F("eventId"), F("streamId"),
                    long.Parse(F("streamVersion"), CultureInfo.InvariantCulture), F("type"), int.Parse(F("schemaVersion"), CultureInfo.InvariantCulture),
                    DateTime.Parse(F("recordedAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), F("userId"), F("commandName"),
                    F("commandId"), F("correlationId"), F("causationId"), F("data"), F("previousHash"), F("hash"));
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or IndexOutOfRangeException)
            {
                e = Broken;
            }
            yield return new Record(e);
        }
    }

    /// <summary>A record that could not be read at all: it fails every check it reaches.</summary>
    private static readonly ExportedEvent Broken = new(-1, "", "", 0, "", 0, DateTime.MinValue, "", "", "", "", "", "", "", "");

    private static bool TryHex(string text, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
