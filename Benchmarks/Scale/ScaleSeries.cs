using System.Diagnostics;
using BlazorEs.Benchmarks.AsOf;
using BlazorEs.Benchmarks.History;
using BlazorEs.Benchmarks.Rebuild;
using BlazorEs.Benchmarks.Suite;
using BlazorEs.Benchmarks.Timeline;

namespace BlazorEs.Benchmarks.Scale;

/// <summary>
/// Issue 17's scale series (`--scale 1m,3m,10m`): for each history size, the history (generated with the shared
/// generator, or reused from `--history DIR`), then scenarios 3 (rebuild, all projections in one pass, beside a raw
/// read), 4 (as-of every read model, one stream as of a version; its snapshot pass writes the snapshots) and 5
/// (timeline first pages), deep timeline pages, the database's bytes, and the app as its own process on that store:
/// start-up to every projection live, memory after start-up and after mixed load. Writes docs/benchmarks-scale.md
/// with one chart per figure.
/// </summary>
public static class ScaleSeries
{
    public static async Task<int> RunAsync(ScaleOptions options, TextWriter log)
    {
        var work = Path.Combine(Path.GetTempPath(), "blazores-scale", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        if (options.HistoryFolder is { } kept) Directory.CreateDirectory(kept);
        var output = options.Output ?? Path.Combine(BenchmarkSuite.RepositoryRoot(), "docs");
        Directory.CreateDirectory(output);
        var machine = MachineFacts.Read();
        var started = DateTime.UtcNow;
        var points = new List<ScalePoint>();
        var failed = false;
        log.WriteLine($"BlazorEs scale series {string.Join(", ", options.Sizes.Select(s => s.Label))} on {machine.Cores} cores, load {machine.LoadAverage}; scratch {work}");
        foreach (var (label, events) in options.Sizes)
        {
            var point = new ScalePoint(label, events);
            points.Add(point);
            var clock = Stopwatch.StartNew();
            try
            {
                await MeasureAsync(options, label, events, Path.Combine(work, label), point, log);
            }
            catch (Exception ex)
            {
                failed = true;
                point.Notes.Add($"Failed: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
                log.WriteLine($"scale {label} FAILED: {ex}");
            }
            finally
            {
                await HistoryStore.DisposeAsync();
            }
            point.Elapsed = clock.Elapsed;
            log.WriteLine($"scale {label} done in {clock.Elapsed.TotalMinutes:F1} min");
        }
        var report = ScaleReport.Write(output, options, machine, MachineFacts.LoadAverageNow(), started, DateTime.UtcNow, points, log);
        log.WriteLine($"report written to {report}");
        try { Directory.Delete(work, recursive: true); } catch (IOException) { /* scratch in the temp folder */ }
        return failed ? 1 : 0;
    }

    private static async Task MeasureAsync(ScaleOptions options, string label, int events, string folder, ScalePoint point, TextWriter log)
    {
        Directory.CreateDirectory(folder);
        // The full suite's 2,000 products from 1M events up; a small history gets fewer, so it still holds orders, not only registrations.
        var size = BenchmarkSize.Full with { HistoryEvents = events, Repetitions = options.Repetitions, Products = Math.Clamp(events / 500, 50, BenchmarkSize.Full.Products) };
        var context = new BenchContext(size, folder, log, options.HistoryFile(label)) { ScaleSeries = true };
        var generation = Stopwatch.StartNew();
        var history = await HistoryStore.GetAsync(context);
        if (!double.IsNaN(history.GenerationEventsPerSecond))
        {
            point.Set(ScaleFigures.Generation, generation.Elapsed.TotalMinutes, "min");
            point.Notes.Add($"History generated in {generation.Elapsed.TotalMinutes:F1} min ({history.GenerationEventsPerSecond:N0} events/s).");
        }
        else point.Notes.Add($"History reused from {options.HistoryFile(label)}.");

        var rebuild = await RunScenarioAsync(context, "3", RebuildScenario.RunAsync, log);
        var ours = rebuild.Figures.First(f => f.Name.StartsWith("rebuild of all", StringComparison.Ordinal));
        var raw = rebuild.Figures.First(f => f.Name.StartsWith("raw sequential read", StringComparison.Ordinal));
        point.Set(ScaleFigures.Rebuild, ours.Median, "events/s", higherIsBetter: true);
        point.Set(ScaleFigures.RawRead, raw.Median, "events/s", higherIsBetter: true);
        point.Set(ScaleFigures.RebuildRatio, ours.Median / raw.Median, "×", higherIsBetter: true);

        var asOf = await RunScenarioAsync(context, "4", AsOfScenario.RunAsync, log);
        point.Set(ScaleFigures.AsOfEvery, Median(asOf, AsOfScenario.EveryReadModelP95), "ms");
        point.Set(ScaleFigures.AsOfWhole, Median(asOf, AsOfScenario.EveryReadModelWholeP95), "ms");
        point.Set(ScaleFigures.StreamAsOf, Median(asOf, "one product stream as of a random version, p95"), "ms");

        var timeline = await RunScenarioAsync(context, "5", TimelineScenario.RunAsync, log);
        foreach (var figure in timeline.Figures.Where(f => f.Name.EndsWith(", p95", StringComparison.Ordinal)))
            point.Set(ScaleFigures.TimelinePrefix + figure.Name["first page ".Length..], figure.Median, "ms");
        await DeepPages.MeasureAsync(history, point, size.TimelineQueries);

        await StorageBytes.MeasureAsync(history.Store.Path, history.Head, point);
        var path = history.Store.Path;
        await HistoryStore.DisposeAsync(); // the app process opens the file on its own

        var (app, startup) = await AppInstance.StartAsync(path, Path.Combine(folder, "app.log"));
        await using (app)
        {
            point.Set(ScaleFigures.Startup, startup.TotalSeconds, "s");
            await Task.Delay(TimeSpan.FromSeconds(5)); // start-up's garbage collected at least once
            point.Set(ScaleFigures.WorkingSetStart, app.WorkingSetMegabytes(), "MB");
            point.Set(ScaleFigures.HeapStart, await app.ManagedHeapMegabytesAsync(), "MB");
            log.WriteLine($"scale {label}: app live in {startup.TotalSeconds:F1} s, {point.Get(ScaleFigures.WorkingSetStart):F0} MB working set; mixed load for {options.MixedLoadMinutes} min");
            var (requests, failures) = await MixedLoad.RunAsync(app.Client, events, TimeSpan.FromMinutes(options.MixedLoadMinutes));
            point.Set(ScaleFigures.WorkingSetLoad, app.WorkingSetMegabytes(), "MB");
            point.Set(ScaleFigures.HeapLoad, await app.ManagedHeapMegabytesAsync(), "MB");
            point.Notes.Add($"Mixed load: {requests:N0} requests in {options.MixedLoadMinutes} min ({failures:N0} failed).");
            if (failures > requests / 100) throw new InvalidOperationException($"{failures} of {requests} mixed-load requests failed; see {Path.Combine(folder, "app.log")}.");
        }
    }

    private static async Task<ScenarioResult> RunScenarioAsync(BenchContext context, string number, Func<BenchContext, ScenarioResult, Task> run, TextWriter log)
    {
        var result = new ScenarioResult(number, "");
        var clock = Stopwatch.StartNew();
        await run(context, result);
        log.WriteLine($"  scenario {number} at {context.Size.HistoryEvents:N0} events: {clock.Elapsed.TotalSeconds:F0} s");
        return result;
    }

    private static double Median(ScenarioResult result, string name) => result.Figures.First(f => f.Name == name).Median;
}
