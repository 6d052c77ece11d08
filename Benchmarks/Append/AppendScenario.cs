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

        result.Notes.Add("Each repetition writes to a fresh file. Ours includes serializing the events to JSON and giving each an id on the "
            + "caller's thread, the per-command idempotency row (Commands table), the stream-version and command-id checks and a savepoint per "
            + "command; the raw ceiling inserts rows serialized before the clock starts, one prepared single-row INSERT per event, into a table "
            + "with no secondary index. The breakdown row runs the same raw inserts into a table with the app's six indexes.");
        result.Notes.Add("How ours writes on SQLite: one INSERT … SELECT FROM json_each(@events) per stream of a command, the per-event fields "
            + "(id, type, schema version, data) in one JSON array and the stream, time and metadata bound once. Microsoft.Data.Sqlite binds every "
            + "parameter by name on every execution, which for a 13-column row cost about as much as SQLite's own insert into the indexed table; "
            + "that is why ours can come close to or pass the raw row with the same indexes. Multi-row VALUES lists were measured and are slower "
            + "(binding by name makes a statement with n parameters cost O(n²)). SQL Server keeps one prepared INSERT per event.");
        result.Notes.Add("Single-event commits with several writers: the raw ceiling runs one connection per writer, each committing (and fsyncing) on its own; "
            + "EventStoreWriter queues them to one writer that commits whatever is waiting together (group commit), which is why it can beat that ceiling.");
        result.Notes.Add("What limits the 1,000-event commits: SQLite's own work for the six indexes the timeline, stream reads and unique ids need "
            + "(compare the raw ceiling with the raw row that has the same indexes; the unique EventId index alone is about a tenth of the CPU), "
            + "then one fsync per commit (synchronous=FULL), then the caller's serialization, which here does not overlap the writer because the "
            + "one caller waits for each commit before preparing the next. Single-event commits are bound by the fsync per commit; with one "
            + "writer they also pay the queue hop to the writer task and the version and idempotency lookups. On this shared 2-core machine "
            + "disk and CPU contention from other work moves single runs by 2× or more: read the ratios, not the absolute rates.");
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
