using System.Security.Cryptography;
using BlazorEs.Benchmarks.History;
using BlazorEs.Benchmarks.Rebuild;
using BlazorEs.Benchmarks.Suite;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Export;
using BlazorEs.Infrastructure.Integrity;

namespace BlazorEs.Benchmarks.Integrity;

/// <summary>
/// Scenario 11: a full verification of the hash chain over the generated history (every event's hash recomputed from its
/// stored columns, the schema, the checkpoints, the Commands table against the events, the snapshots' seals), next
/// to a raw sequential read of the Events table in the same run.
/// </summary>
public static class IntegrityScenario
{
    public static async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        var history = await HistoryStore.GetAsync(context);
        // Scenario 4's snapshots of the shared history (read models and streams) were written without this run's key, so they
        // carry no seal this key verifies (an unsealed snapshot is a break); they are not what this scenario measures.
        using (var connection = history.Store.OpenRawConnection())
        using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM ReadModelSnapshots; DELETE FROM StreamSnapshots";
            delete.ExecuteNonQuery();
        }
        var key = new IntegrityKey(RandomNumberGenerator.GetBytes(32));
        var verifier = new ChainVerifier(history.Store.Factory, key);
        var full = new List<double>();
        var chain = new List<double>();
        var raw = new List<double>();
        var jsonl = new List<double>();
        var exporter = new EventExporter(history.Store.Factory, key, history.Store.Writer, TimeProvider.System);
        for (var rep = 0; rep < context.Size.Repetitions; rep++)
        {
            var rawTime = await Repeat.TimeAsync(async () => await RawEventScan.ReadAsync(history.Store));
            raw.Add(history.Head / rawTime.TotalSeconds);
            var chainTime = await Repeat.TimeAsync(async () => Check(await verifier.VerifyAsync(0, EventHash.Genesis.ToArray(), full: false), history.Head));
            chain.Add(history.Head / chainTime.TotalSeconds);
            var fullTime = await Repeat.TimeAsync(async () => Check(await verifier.VerifyAsync(0, EventHash.Genesis.ToArray(), full: true), history.Head));
            full.Add(history.Head / fullTime.TotalSeconds);
            // The export's bytes go nowhere (Stream.Null): what is measured is reading, formatting and hashing, not a disk.
            var exportTime = await Repeat.TimeAsync(async () => await exporter.WriteAsync(new ExportRequest(ExportFormat.Jsonl, EventFilter.None), "bench", Stream.Null, CancellationToken.None));
            jsonl.Add(history.Head / exportTime.TotalSeconds);
            context.Log($"integrity rep {rep + 1}: full verification {full[^1]:N0} events/s, chain alone {chain[^1]:N0}/s, raw read {raw[^1]:N0}/s, JSONL export {jsonl[^1]:N0}/s");
        }

        var ours = result.Add(Figure.Of($"full verification: ChainVerifier over {history.Head:N0} events (chain, schema, checkpoints, Commands table, snapshot seals)", "events/s", full));
        result.Add(Figure.Of("the chain alone (every event's hash recomputed from its stored columns)", "events/s", chain));
        var reference = result.Add(Figure.Of("raw sequential read of the Events table (all columns, position order)", "events/s", raw));
        result.Comparisons.Add(new Comparison("full verification / raw sequential read", ours, reference));
        result.Targets.Add(new TargetCheck("full verification", ours, 200_000, "full verification ≥ 200,000 events/s"));
        var export = result.Add(Figure.Of($"evidence export, JSONL with every column, hashes and the signed manifest, {history.Head:N0} events", "events/s", jsonl));
        result.Targets.Add(new TargetCheck("JSONL export", export, 100_000, "JSONL export ≥ 100,000 events/s"));
        result.Notes.Add("The chain pass steps one statement through SQLitePCL and hashes each row's columns in place as UTF-8 (two SHA-256 per "
            + "event: the content digest, then the 88-byte link), so it reads no more than the raw read does; the Commands table is checked "
            + "against the events by one join in SQL.");
    }

    private static void Check(VerificationOutcome outcome, long head)
    {
        if (outcome.Breaks.Count > 0) throw new InvalidOperationException($"The generated history does not verify: {outcome.Breaks[0]}");
        if (outcome.Checked != head) throw new InvalidOperationException($"Verified {outcome.Checked} events, expected {head}.");
    }
}
