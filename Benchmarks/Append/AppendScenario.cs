using BlazorEs.Benchmarks.Suite;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Benchmarks.Append;

/// <summary>
/// Scenario 1: EventStoreWriter on a fresh SQLite file with the app's durability, next to prepared raw inserts of the
/// same rows (plain table, and the same table with the app's indexes to split index cost from ours).
/// </summary>
public static class AppendScenario
{
    public static IReadOnlyList<AppendPlan> Plans(BenchmarkSize size) =>
    [
        AppendPlan.Bulk(size.BulkCommits),
        AppendPlan.Single(size.SingleCommits, 1),
        AppendPlan.Single(size.SingleCommits, size.ConcurrentWriters),
    ];

    public static async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        var folder = context.Folder("append");
        var types = new EventTypeMap();
        if (!context.IsSmoke) await WarmUpAsync(folder, types);

        foreach (var plan in Plans(context.Size))
        {
            var ours = new List<double>();
            var raw = new List<double>();
            var rawIndexed = new List<double>();
            for (var rep = 0; rep < AppendRepetitions(context.Size); rep++)
            {
                // Alternate who goes first, so a burst of load from elsewhere does not always land on the same side.
                if (rep % 2 == 1) ours.Add(await OursAsync(folder, plan, rep));
                raw.Add(await RawAsync(folder, plan, types, rep, withAppIndexes: false));
                rawIndexed.Add(await RawAsync(folder, plan, types, rep, withAppIndexes: true));
                if (rep % 2 == 0) ours.Add(await OursAsync(folder, plan, rep));
                context.Log($"append {plan.Key} rep {rep + 1}: ours {ours[^1]:N0}/s, raw {raw[^1]:N0}/s, raw+indexes {rawIndexed[^1]:N0}/s");
            }

            var oursFigure = result.Add(Figure.Of($"EventStoreWriter, {plan.Title}", "events/s", ours));
            var rawFigure = result.Add(Figure.Of($"raw SQLite ceiling, {plan.Title}", "events/s", raw));
            result.Breakdown.Add(Figure.Of($"raw SQLite with the app's 6 indexes, {plan.Title}", "events/s", rawIndexed));
            context.Shared[$"append:{plan.Key}"] = oursFigure;
            var target = plan.Key == "bulk" ? "≥ 50% of the raw ceiling" : null;
            result.Comparisons.Add(new Comparison($"{plan.Title}: ours / raw ceiling", oursFigure, rawFigure, target, plan.Key == "bulk" ? 0.5 : null));
        }

        result.Notes.Add("Each repetition writes to a fresh file. Ours includes serializing the events to JSON, the per-command idempotency row "
            + "(Commands table), the stream-version check and a savepoint per command; the raw ceiling inserts pre-serialized rows into a table "
            + "with no secondary index. The breakdown row with the app's six indexes shows how much of the gap is the indexes the timeline needs.");
        result.Notes.Add("Single-event commits with several writers: the raw ceiling runs one connection per writer, each committing (and fsyncing) on its own; "
            + "EventStoreWriter queues them to one writer that commits whatever is waiting together (group commit), which is why it can beat that ceiling.");
        result.Notes.Add("What limits the 1,000-event commits: first the indexes the timeline and the per-stream checks need (compare the raw ceiling "
            + "with the raw row that has the same six indexes), then our per-command work: JSON serialization of each event on the caller's "
            + "thread, the stream-version and command-id lookups, the savepoint, and the idempotency row with the serialized result. "
            + "Single-event commits from one writer pay the queue hop to the writer task and those lookups on every commit, with one fsync each like the ceiling.");
    }

    /// <summary>Append runs are short, so a noisy machine moves single runs a lot: at least five repetitions in a full run.</summary>
    public static int AppendRepetitions(BenchmarkSize size) => size.Repetitions == 1 ? 1 : Math.Max(5, size.Repetitions);

    private static async Task WarmUpAsync(string folder, EventTypeMap types)
    {
        var warm = AppendPlan.Single(16, 2);
        await OursAsync(folder, AppendPlan.Bulk(1), -1);
        await OursAsync(folder, warm, -1);
        await RawAsync(folder, warm, types, -1, withAppIndexes: false);
    }

    public static async Task<double> OursAsync(string folder, AppendPlan plan, int rep)
    {
        var requests = plan.Writers.Select(w => w.Select(c => new AppendRequest([new StreamAppend(c.StreamId, c.ExpectedVersion, c.Events)], c.Metadata)).ToList()).ToList();
        await using var store = await BenchStore.CreateAsync(folder, $"ours-{plan.Key}-{rep}");
        var elapsed = await Repeat.TimeAsync(() => Task.WhenAll(requests.Select(writer => Task.Run(async () =>
        {
            foreach (var request in writer) await store.Writer.AppendAsync(request);
        }))));
        var written = await store.CountEventsAsync();
        if (written != plan.EventCount) throw new InvalidOperationException($"EventStoreWriter wrote {written} events, expected {plan.EventCount}.");
        return plan.EventCount / elapsed.TotalSeconds;
    }

    private static async Task<double> RawAsync(string folder, AppendPlan plan, EventTypeMap types, int rep, bool withAppIndexes)
    {
        var rows = plan.ToRawRows(types);
        using var ceiling = RawSqliteCeiling.Create(folder, $"raw-{plan.Key}-{rep}-{(withAppIndexes ? "ix" : "plain")}", withAppIndexes);
        var connections = rows.Select(_ => ceiling.Open()).ToList();
        try
        {
            var elapsed = await Repeat.TimeAsync(() => Task.WhenAll(rows.Select((commits, i) => Task.Run(() => RawSqliteCeiling.WriteAsync(connections[i], commits)))));
            return plan.EventCount / elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var connection in connections) connection.Dispose();
        }
    }
}
