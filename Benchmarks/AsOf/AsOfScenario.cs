using System.Diagnostics;
using BlazorEs.Benchmarks.History;
using BlazorEs.Benchmarks.Suite;
using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.Replay;
using BlazorEs.Infrastructure.Streams.Snapshots;
using BlazorEs.Infrastructure.Integrity;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Benchmarks.AsOf;

/// <summary>
/// Scenario 4: every read model as of random positions in the generated history through the app's as-of engine
/// (ReplayAsOf: newest snapshot at or before P + in-memory tail; the snapshots written first by SnapshotBackfill at the
/// app's default interval, as the app does), and one product stream as of a random version (StreamStates: the
/// stream's newest snapshot at or before it + the events after) next to a raw read of the same rows.
/// </summary>
public static class AsOfScenario
{
    /// <summary>The replay screen's query: the figures, stock levels and alerts whole, the first page of orders.</summary>
    public const string EveryReadModelP50 = "every read model as of a random position (the replay screen: orders a page), p50";
    public const string EveryReadModelP95 = "every read model as of a random position (the replay screen: orders a page), p95";

    /// <summary>Every read model restored whole, every order included: what a diff and a compensation's preview restored until 2026-12-08 (and a diff of points more than ReplayRows.FoldedUpTo events apart still does).</summary>
    public const string EveryReadModelWholeP95 = "every read model whole as of a random position (diff, compensation preview), p95";

    /// <summary>How many events apart the two points of a measured diff are.</summary>
    private static readonly long[] DiffWindows = [1_000, 10_000];

    public static string DiffP95(long window) => $"diff between a random position and the one {window:N0} events later, p95";

    public static async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        var history = await HistoryStore.GetAsync(context);
        var store = history.Store;
        var catalog = ProjectionCatalog.For(ReadModelProjections.All(new ReadModelOptions()), store.Factory, store.Reader, new ProjectionOptions(), NullLoggerFactory.Instance);
        var random = new Random(7);
        var streams = await ProductStreamsAsync(store);

        // Snapshots the way the app writes them, at the app's default interval: one pass of the log by the snapshot
        // projection. A history too short for several intervals (a smoke run) gets ten.
        var every = (int)Math.Min(new ReplayOptions().SnapshotEvery, Math.Max(100, history.Head / 10));
        await DeleteSnapshotsAsync(store); // a kept history (--history) holds the snapshots of the run before, maybe in an older format
        var snapshotClock = Stopwatch.StartNew();
        var snapshots = new SnapshotBackfill(catalog, store.Factory, store.Reader, new ReplayOptions { SnapshotEvery = every }, NullLogger<SnapshotBackfill>.Instance);
        await snapshots.CatchUpAsync(CancellationToken.None);
        var snapshotRate = history.Head / snapshotClock.Elapsed.TotalSeconds;
        var sizes = await SnapshotSizesAsync(store);
        var replay = new ReplayAsOf(catalog, store.Factory, store.Reader, TimeProvider.System);
        var orders = new OrdersAsOf(catalog, store.Reader);
        var screen = new GetReplayViewHandler(replay, orders, new ReplayFigures(replay), store.Reader);
        var diffs = new GetReplayDiffHandler(replay, new ReplayRows(replay, orders, catalog, store.Reader));

        // Stream snapshots the way a first load of each product stream to its end leaves them (StreamStates stores the
        // state at every interval a load folds past), sealed with a key as the app's are.
        var states = new StreamStates(store.Factory, store.Reader, new ReplayOptions(), NullLogger<StreamStates>.Instance, new IntegrityKey(RandomNumberGenerator.GetBytes(32)));
        var streamClock = Stopwatch.StartNew();
        foreach (var (streamId, _) in streams) await states.LoadAsync(StreamStateKinds.Product, streamId);
        var streamPassRate = streams.Sum(s => s.Length) / streamClock.Elapsed.TotalSeconds;
        var points = context.Size.AsOfPoints * 10;

        var allP50 = new List<double>();
        var allP95 = new List<double>();
        var allCpu = new List<double>();
        var wholeP95 = new List<double>();
        var diffP95 = DiffWindows.ToDictionary(w => w, _ => new List<double>());
        var ordersPageP95 = new List<double>();
        var rarePageP95 = new List<double>();
        var perModel = catalog.All.ToDictionary(r => r.Name, _ => new List<double>());
        var rate = new List<double>();
        var streamP50 = new List<double>();
        var streamP95 = new List<double>();
        var rawStreamP95 = new List<double>();
        for (var rep = 0; rep < context.Size.Repetitions; rep++)
        {
            var totals = new List<double>();
            var whole = new List<double>();
            var diff = DiffWindows.ToDictionary(w => w, _ => new List<double>());
            var ordersPage = new List<double>();
            var rarePage = new List<double>();
            var cpu = TimeSpan.Zero;
            var models = catalog.All.ToDictionary(r => r.Name, _ => new List<double>());
            var positions = Enumerable.Range(0, points).Select(_ => 1 + random.NextInt64(history.Head)).ToList();

            // What the console asks first, and the stream reads, then the whole restores: each of those allocates every
            // order there was (hundreds of MB at 10M), and the collections that garbage causes would land in whatever is
            // measured after it. The repetition before left it too, so it is collected before the repetition starts.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            foreach (var position in positions)
            {
                var before = GcAndCpu.Now();
                var clock = Stopwatch.StartNew();
                var view = await screen.Handle(new GetReplayView(position, null), CancellationToken.None);
                totals.Add(clock.Elapsed.TotalMilliseconds);
                cpu += (GcAndCpu.Now() - before).Cpu;
                if (view.Orders.Total > 0 && view.Orders.Items.Count == 0) throw new InvalidOperationException($"As of {position}: {view.Orders.Total} orders and an empty first page.");

                // A page of orders alone (the grid turning a page), given the figures as of the point: every status, and one status.
                clock.Restart();
                await orders.PageAsync(view.Point.Position, view.Dashboard, null, 2, GetReplayView.DefaultOrdersPageSize, CancellationToken.None);
                ordersPage.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                await orders.PageAsync(view.Point.Position, view.Dashboard, nameof(OrderStatus.Cancelled), 1, GetReplayView.DefaultOrdersPageSize, CancellationToken.None);
                rarePage.Add(clock.Elapsed.TotalMilliseconds);
            }
            allP50.Add(Stats.Percentile(totals, 50));
            allP95.Add(Stats.Percentile(totals, 95));
            allCpu.Add(cpu.TotalMilliseconds / points);
            ordersPageP95.Add(Stats.Percentile(ordersPage, 95));
            rarePageP95.Add(Stats.Percentile(rarePage, 95));
            rate.Add(snapshotRate);

            var ours = new List<double>();
            var raw = new List<double>();
            for (var i = 0; i < context.Size.StreamReads; i++)
            {
                var (streamId, length) = streams[random.Next(streams.Count)];
                var version = 1 + random.NextInt64(length);
                var clock = Stopwatch.StartNew();
                var loaded = await states.LoadAsync(StreamStateKinds.Product, streamId, version);
                ours.Add(clock.Elapsed.TotalMilliseconds);
                if (!loaded.State.Exists) throw new InvalidOperationException($"{streamId} as of version {version} has no product.");

                clock.Restart();
                await RawStreamReadAsync(store, streamId, loaded.FromVersion, version);
                raw.Add(clock.Elapsed.TotalMilliseconds);
            }
            // A diff from the point to a later one (the replay screen's "compare" and the diff API), before the whole restores.
            foreach (var position in positions)
                foreach (var window in DiffWindows)
                {
                    var from = Math.Max(1, Math.Min(position, history.Head - window));
                    var clock = Stopwatch.StartNew();
                    await diffs.Handle(new GetReplayDiff(from, from + window), CancellationToken.None);
                    diff[window].Add(clock.Elapsed.TotalMilliseconds);
                }
            foreach (var position in positions)
            {
                var clock = Stopwatch.StartNew();
                await replay.AllAsync(position, CancellationToken.None);
                whole.Add(clock.Elapsed.TotalMilliseconds);
                foreach (var runner in catalog.All)
                {
                    clock.Restart();
                    await replay.ReadModelAsync(runner.Name, position, CancellationToken.None);
                    models[runner.Name].Add(clock.Elapsed.TotalMilliseconds);
                }
            }
            wholeP95.Add(Stats.Percentile(whole, 95));
            foreach (var (window, values) in diff) diffP95[window].Add(Stats.Percentile(values, 95));
            foreach (var (name, values) in models) perModel[name].Add(Stats.Percentile(values, 95));

            streamP50.Add(Stats.Percentile(ours, 50));
            streamP95.Add(Stats.Percentile(ours, 95));
            rawStreamP95.Add(Stats.Percentile(raw, 95));
            context.Log($"as-of rep {rep + 1}: every read model p50 {allP50[^1]:N0} ms, p95 {allP95[^1]:N0} ms, CPU {allCpu[^1]:N0} ms; one stream p95 {streamP95[^1]:F2} ms (raw {rawStreamP95[^1]:F2} ms)");
        }

        var restore = await RestoreBreakdownAsync(store, catalog, random, history.Head, points);

        result.Add(Figure.Of(EveryReadModelP50, "ms", allP50, higherIsBetter: false));
        var everyP95 = result.Add(Figure.Of(EveryReadModelP95, "ms", allP95, higherIsBetter: false));
        result.Add(Figure.Of("a page of orders as of a random position (page 2, every status), p95", "ms", ordersPageP95, higherIsBetter: false));
        result.Add(Figure.Of("a page of orders as of a random position (page 1 of the Cancelled, most recently cancelled first), p95", "ms", rarePageP95, higherIsBetter: false));
        result.Add(Figure.Of(EveryReadModelWholeP95, "ms", wholeP95, higherIsBetter: false));
        foreach (var (window, values) in diffP95)
            result.Add(Figure.Of(DiffP95(window), "ms", values, higherIsBetter: false));
        foreach (var (name, values) in perModel)
            result.Add(Figure.Of($"{name} whole as of a random position, p95", "ms", values, higherIsBetter: false));
        var replayRate = result.Add(Figure.Of("snapshot pass (SnapshotBackfill over the whole log, all read models)", "events/s", rate));
        result.Add(Figure.Of("one product stream as of a random version, p50", "ms", streamP50, higherIsBetter: false));
        var streamFigure = result.Add(Figure.Of("one product stream as of a random version, p95", "ms", streamP95, higherIsBetter: false));
        var rawStream = result.Add(Figure.Of("raw SELECT of the same stream rows, p95", "ms", rawStreamP95, higherIsBetter: false));
        result.Add(Figure.Of("stream snapshot pass (each product stream loaded once to its end)", "events/s", [streamPassRate]));
        if (context.Shared.TryGetValue("raw-read", out var rawRead))
            result.Comparisons.Add(new Comparison("snapshot pass rate / raw sequential read rate (scenario 3)", replayRate, rawRead));
        result.Comparisons.Add(new Comparison("one stream as of a version p95 / raw SELECT of its rows p95", streamFigure, rawStream));
        result.Breakdown.Add(Figure.Of("the replay screen as of a random position: process CPU time per as-of (all threads, GC included), mean", "ms", allCpu, higherIsBetter: false));
        result.Breakdown.Add(Figure.Of("OrderSummaries restored from its snapshots (full + deltas: read and decode), p95", "ms", [restore.OrdersP95], higherIsBetter: false));
        result.Breakdown.Add(Figure.Of("  of which decoding its full snapshot, p95", "ms", [restore.OrdersFullDecodeP95], higherIsBetter: false));
        result.Breakdown.Add(Figure.Of("  deltas applied on the full snapshot, mean", "count", [restore.OrdersDeltasMean], higherIsBetter: false));
        result.Breakdown.Add(Figure.Of($"tail after the newest snapshot (≤ {every:N0} events): read + JSON, p95", "ms", [restore.TailP95], higherIsBetter: false));
        result.Breakdown.Add(Figure.Of("newest full snapshot of every read model (MemoryPack + LZ4)", "MB", [sizes.NewestFull / 1e6], higherIsBetter: false));
        result.Breakdown.Add(Figure.Of("  of which OrderSummaries", "MB", [sizes.NewestFullOrders / 1e6], higherIsBetter: false));
        result.Breakdown.Add(Figure.Of($"all snapshots stored ({sizes.Positions:N0} positions, every {every:N0} events)", "MB", [(sizes.Full + sizes.Delta) / 1e6], higherIsBetter: false));
        result.Breakdown.Add(Figure.Of($"  full snapshots ({sizes.FullCount:N0}; OrderSummaries {sizes.FullOrdersCount:N0})", "MB", [sizes.Full / 1e6], higherIsBetter: false));
        result.Breakdown.Add(Figure.Of($"  delta snapshots ({sizes.DeltaCount:N0})", "MB", [sizes.Delta / 1e6], higherIsBetter: false));
        result.Targets.Add(new TargetCheck("as-of", everyP95, 200, "every read model as of P: p95 ≤ 200 ms"));
        result.Targets.Add(new TargetCheck("stream", streamFigure, 5, "one stream as of a version: p95 ≤ 5 ms"));
        result.Notes.Add($"Measured through ReplayAsOf, the engine the replay API and screen use: the newest readable read-model snapshot at "
            + $"or before P (written every {every:N0} events{(every == new ReplayOptions().SnapshotEvery ? ", the app's default Replay:SnapshotEvery," : ", a tenth of this short history,")} by SnapshotBackfill in one pass before the "
            + $"measurement) plus an in-memory replay of at most {every:N0} tail events with the projections' own Apply. The snapshots are "
            + "restored in parallel (a full snapshot's chunks, and a chain's deltas, decoded in parallel too) while the tail is read ahead "
            + "(EventReader.ScanAsync: one statement stepped through SQLitePCL, the JSON read in place as UTF-8), and each batch is "
            + $"applied as it arrives. {points} random positions per repetition (no cache: every point restores from the database). \"Every read "
            + "model\" is the replay screen's query (GetReplayView): the figures, stock levels and low-stock alerts restored whole in one "
            + "pass over the tail, and the first page of orders from OrdersAsOf — the streams of the OrderPlaced events at or before P, "
            + "newest first, through the (Type, Position) index, each folded to P with the OrderSummaries projection's Apply — never "
            + "every order there was. \"Whole\" is one AllAsync (every row of all four, one pass over the tail): what a diff between two "
            + "points and a compensation's preview restored until 2026-12-08; the per-model rows one ReadModelAsync each. A diff "
            + $"(GetReplayDiff, ReplayRows) now restores once, at the earlier point: the figures, stock levels and alerts whole and, of the "
            + $"orders, only those of the streams written between the two points; then it applies the events between them (up to "
            + $"{ReplayRows.FoldedUpTo:N0} events apart; wider windows restore every read model whole at both points). Snapshots are "
            + $"MemoryPack binary rows compressed with LZ4 behind a format header: at each position a delta (the rows "
            + $"changed since the previous snapshot), and a full snapshot (all rows) once the deltas since the last one pass half its size; "
            + $"{sizes.NewestFull / 1e6:N1} MB for the newest full snapshots of all four read models, {(sizes.Full + sizes.Delta) / 1e6:N0} MB for all "
            + $"{sizes.Positions:N0} snapshot positions ({sizes.Full / 1e6:N0} MB full, {sizes.Delta / 1e6:N0} MB delta). Product streams average "
            + $"{streams.Average(s => s.Length):N0} events ({streams.Count:N0} streams).");
        result.Notes.Add("What limits every read model whole as of P (until 2026-12-07 also the replay screen): restoring the order summaries, whose full snapshot holds every order "
            + "ever placed and so grows with the history (plus its chain of deltas, at most half its size). Its chunks of 10,000 rows "
            + "and the deltas decode in parallel on both cores, into pooled buffers; what is left is allocation: every row and its "
            + "strings are new objects that stay alive, so the collector copies them while they are being built (a perf profile of "
            + "this scenario put half its CPU time in the runtime itself, libcoreclr, where the allocator and collector run, and a "
            + "fifth in JIT-compiled code: ours, MemoryPack's and the SQLite wrapper's). "
            + "The tail of at most one interval is read and deserialized meanwhile. The process CPU time per as-of in the breakdown "
            + "is the work; on 2 cores the wall time is at best half of it, and on this machine shared with other builds load above 2 "
            + "stretches it. Storage: a full snapshot at every "
            + "interval grew with the square of the history; deltas hold only the rows changed since the previous snapshot, and a new "
            + "full snapshot is written only once a read model's deltas pass half its size, so full snapshots take at most twice the "
            + "deltas and the whole grows with the rows changed. One stream as of a version (StreamStates, the engine of commands and "
            + $"the stream as-of API) reads the stream's newest snapshot at or before the version (JSON, sealed, checked against the "
            + $"chain) and at most {new ReplayOptions().StreamSnapshotEvery} events after it through the (StreamId, StreamVersion) "
            + "index, and folds them; the snapshots were stored by one load of each product stream to its end before the measurement "
            + "(a load stores the state at every interval it folds past), the pass's rate is above. Its gap to the raw SELECT of the "
            + "same rows is the snapshot's read and parse, the JSON deserialization of each event and the fold.");
    }

    private sealed record SnapshotSizes(long NewestFull, long NewestFullOrders, long Full, long Delta, long FullCount, long FullOrdersCount, long DeltaCount, long Positions);

    private static async Task<SnapshotSizes> SnapshotSizesAsync(BenchStore store)
    {
        using var connection = store.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT "
            + "COALESCE((SELECT SUM(length(Data)) FROM ReadModelSnapshots s WHERE Kind = 0 AND Position = (SELECT MAX(Position) FROM ReadModelSnapshots WHERE Kind = 0 AND Projection = s.Projection)), 0), "
            + "COALESCE((SELECT length(Data) FROM ReadModelSnapshots WHERE Kind = 0 AND Projection = 'OrderSummaries' ORDER BY Position DESC LIMIT 1), 0), "
            + "COALESCE(SUM(CASE WHEN Kind = 0 THEN length(Data) END), 0), COALESCE(SUM(CASE WHEN Kind = 1 THEN length(Data) END), 0), "
            + "COUNT(CASE WHEN Kind = 0 THEN 1 END), COUNT(CASE WHEN Kind = 0 AND Projection = 'OrderSummaries' THEN 1 END), COUNT(CASE WHEN Kind = 1 THEN 1 END), "
            + "COUNT(DISTINCT Position) FROM ReadModelSnapshots";
        using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new SnapshotSizes(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7));
    }

    private sealed record RestoreTimes(double OrdersP95, double OrdersFullDecodeP95, double OrdersDeltasMean, double TailP95);

    /// <summary>
    /// The two halves of an as-of, each alone at random positions: restoring the largest read model from its snapshots
    /// (and, within it, decoding its full snapshot) and reading the tail after the newest snapshot.
    /// </summary>
    private static async Task<RestoreTimes> RestoreBreakdownAsync(BenchStore store, ProjectionCatalog catalog, Random random, long head, int points)
    {
        var orders = catalog[OrderSummariesProjection.ProjectionName].Projection;
        var chain = new SnapshotChain(store.Factory, NullLogger.Instance);
        var restore = new List<double>();
        var decode = new List<double>();
        var deltas = new List<double>();
        var tail = new List<double>();
        for (var i = 0; i < points; i++)
        {
            var position = 1 + random.NextInt64(head);
            var clock = Stopwatch.StartNew();
            var restored = await chain.RestoreAsync(orders, position, CancellationToken.None);
            restore.Add(clock.Elapsed.TotalMilliseconds);
            deltas.Add(await CountAsync(store, $"SELECT COUNT(*) FROM ReadModelSnapshots WHERE Projection = 'OrderSummaries' AND Kind = 1 AND Position > {restored.Full} AND Position <= {restored.From}"));
            if (restored.Full > 0)
            {
                var full = await FullSnapshotAsync(store, restored.Full);
                clock.Restart();
                orders.Restore(full);
                decode.Add(clock.Elapsed.TotalMilliseconds);
            }

            var newest = await CountAsync(store, $"SELECT COALESCE(MAX(Position), 0) FROM ReadModelSnapshots WHERE Position <= {position}");
            clock.Restart();
            var events = 0;
            await foreach (var batch in store.Reader.ScanAsync(newest, position, 5000)) events += batch.Count;
            tail.Add(clock.Elapsed.TotalMilliseconds);
        }
        return new RestoreTimes(Stats.Percentile(restore, 95), decode.Count > 0 ? Stats.Percentile(decode, 95) : 0, deltas.Average(), Stats.Percentile(tail, 95));
    }

    private static async Task DeleteSnapshotsAsync(BenchStore store)
    {
        using var connection = store.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM ReadModelSnapshots; DELETE FROM StreamSnapshots";
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(BenchStore store, string sql)
    {
        using var connection = store.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<byte[]> FullSnapshotAsync(BenchStore store, long position)
    {
        using var connection = store.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT Data FROM ReadModelSnapshots WHERE Projection = 'OrderSummaries' AND Position = {position}";
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<(string StreamId, long Length)>> ProductStreamsAsync(BenchStore store)
    {
        using var connection = store.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT StreamId, MAX(StreamVersion) FROM Events WHERE StreamId LIKE '{StreamIds.ProductPrefix}%' GROUP BY StreamId";
        using var reader = await command.ExecuteReaderAsync();
        var streams = new List<(string, long)>();
        while (await reader.ReadAsync()) streams.Add((reader.GetString(0), reader.GetInt64(1)));
        return streams;
    }

    private static async Task<int> RawStreamReadAsync(BenchStore store, string streamId, long fromVersion, long version)
    {
        using var connection = store.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM Events WHERE StreamId = @s AND StreamVersion > @f AND StreamVersion <= @v ORDER BY StreamVersion";
        command.Parameters.AddWithValue("@s", streamId);
        command.Parameters.AddWithValue("@f", fromVersion);
        command.Parameters.AddWithValue("@v", version);
        using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            for (var c = 0; c < reader.FieldCount; c++) reader.GetValue(c);
            rows++;
        }
        return rows;
    }
}
