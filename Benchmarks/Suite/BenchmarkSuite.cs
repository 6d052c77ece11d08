using System.Diagnostics;
using System.Globalization;
using BlazorEs.Benchmarks.Append;
using BlazorEs.Benchmarks.AsOf;
using BlazorEs.Benchmarks.Circuits;
using BlazorEs.Benchmarks.Cluster;
using BlazorEs.Benchmarks.Commands;
using BlazorEs.Benchmarks.FanOut;
using BlazorEs.Benchmarks.History;
using BlazorEs.Benchmarks.Integrity;
using BlazorEs.Benchmarks.Live;
using BlazorEs.Benchmarks.Peer;
using BlazorEs.Benchmarks.Rebuild;
using BlazorEs.Benchmarks.Scale;
using BlazorEs.Benchmarks.Timeline;

namespace BlazorEs.Benchmarks.Suite;

/// <summary>
/// The suite's entry: `--full` runs issue 6's sizes and writes docs/benchmarks.md with charts; `--smoke` runs every
/// scenario once on tiny data and fails (exit 1) if any scenario throws. `--only 1,3` runs some scenarios;
/// `--out DIR` writes the report elsewhere; `--repetitions`, `--commands`, `--live-commands` and `--events` override sizes while profiling;
/// `--history FILE` keeps the generated history in FILE and reuses it on the next run (A/B runs skip the generation).
/// `--scale 1m,3m,10m` runs the scale series instead (ScaleSeries, its own report docs/benchmarks-scale.md).
/// </summary>
public static class BenchmarkSuite
{
    private sealed record Scenario(string Number, string Title, Func<BenchContext, ScenarioResult, Task> Run);

    private static readonly Scenario[] Scenarios =
    [
        new("1", "Append", AppendScenario.RunAsync),
        new("2", "Commands end to end", CommandsScenario.RunAsync),
        new("3", "Rebuild", RebuildScenario.RunAsync),
        new("4", "As-of", AsOfScenario.RunAsync),
        new("5", "Timeline", TimelineScenario.RunAsync),
        new("6", "Live latency (browser)", LiveLatencyScenario.RunAsync),
        new("7", "Fan-out", FanOutScenario.RunAsync),
        new("8", "Peer: Marten on PostgreSQL", MartenScenario.RunAsync),
        new("9", "Commands end to end on PostgreSQL", CommandsOnPostgreSqlScenario.RunAsync),
        new("10", "Several instances (fail-over, cross-instance live push)", ClusterScenario.RunAsync),
        new("11", "Integrity", IntegrityScenario.RunAsync),
        new("12", "Circuit memory", CircuitMemoryScenario.RunAsync),
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        if (Value(args, "--scale") is { } scale)
        {
            var (options, error) = ScaleOptions.Parse(scale, name => Value(args, name));
            if (options is null)
            {
                log.WriteLine(error);
                return 2;
            }
            return await ScaleSeries.RunAsync(options, log);
        }
        if (args.Contains("--help") || (!args.Contains("--full") && !args.Contains("--smoke")))
        {
            log.WriteLine("usage: dotnet run -c Release --project Benchmarks -- --full | --smoke [--only 1,3,...] [--out DIR] [--repetitions N] [--commands N per client] [--live-commands N browser rounds] [--events N in the history] [--history FILE to keep and reuse]\n       dotnet run -c Release --project Benchmarks -- --scale 1m,3m,10m [--history DIR] [--mixed-load-minutes N] [--repetitions N] [--out DIR]");
            return args.Contains("--help") ? 0 : 2;
        }

        var size = args.Contains("--smoke") ? BenchmarkSize.Smoke : BenchmarkSize.Full;
        if (Value(args, "--repetitions") is { } repetitions) size = size with { Repetitions = int.Parse(repetitions, CultureInfo.InvariantCulture) };
        if (Value(args, "--commands") is { } commands) size = size with { CommandsPerClient = int.Parse(commands, CultureInfo.InvariantCulture) };
        if (Value(args, "--live-commands") is { } live) size = size with { LiveCommands = int.Parse(live, CultureInfo.InvariantCulture) };
        if (Value(args, "--events") is { } events) size = size with { HistoryEvents = int.Parse(events, CultureInfo.InvariantCulture) };
        var only = Value(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var work = Path.Combine(Path.GetTempPath(), "blazores-bench", Guid.NewGuid().ToString("N")[..8]);
        var output = Value(args, "--out") ?? (size == BenchmarkSize.Smoke ? Path.Combine(work, "docs") : Path.Combine(RepositoryRoot(), "docs"));
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(output);

        var history = Value(args, "--history") is { } file ? Path.GetFullPath(file) : null;
        var context = new BenchContext(size, work, log, history);
        var machineBefore = MachineFacts.Read();
        context.Log($"BlazorEs benchmarks ({size.Mode}) on {machineBefore.Cores} cores, load {machineBefore.LoadAverage}; scratch {work}");
        var started = DateTime.UtcNow;
        var results = new List<ScenarioResult>();
        try
        {
            foreach (var scenario in Scenarios.Where(s => only is null || only.Contains(s.Number)))
            {
                var result = new ScenarioResult(scenario.Number, scenario.Title);
                results.Add(result);
                context.Log($"scenario {scenario.Number}: {scenario.Title}");
                var clock = Stopwatch.StartNew();
                try
                {
                    await scenario.Run(context, result);
                }
                catch (Exception ex)
                {
                    result.Error = ex;
                    context.Log($"scenario {scenario.Number} FAILED: {ex}");
                }
                result.Elapsed = clock.Elapsed;
                context.Log(result.NotMeasured is { } why ? $"scenario {scenario.Number}: not measured: {why}" : $"scenario {scenario.Number} done in {clock.Elapsed.TotalSeconds:F1} s");
            }
        }
        finally
        {
            await HistoryStore.DisposeAsync();
        }

        var report = new BenchmarkReport(size, machineBefore, MachineFacts.LoadAverageNow(), started, DateTime.UtcNow, results);
        var charts = BenchmarkCharts.Write(output, results, log);
        var path = Path.Combine(output, "benchmarks.md");
        await File.WriteAllTextAsync(path, report.ToMarkdown(charts));
        context.Log($"report written to {path}");
        TryDelete(work, keep: output.StartsWith(work, StringComparison.Ordinal));

        var failed = results.Where(r => r.Error is not null).ToList();
        foreach (var f in failed) log.WriteLine($"FAILED scenario {f.Number} ({f.Title}): {f.Error!.GetType().Name}: {f.Error.Message}");
        return failed.Count == 0 ? 0 : 1;
    }

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The folder holding BlazorEs.sln, looked for upwards from the current directory.</summary>
    /// <summary>The clone this runs in (the folder with BlazorEs.sln above the working folder), where docs/ lives.</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BlazorEs.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    private static void TryDelete(string work, bool keep)
    {
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(work))
            {
                if (keep && Path.GetFileName(entry) == "docs") continue;
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
            }
            if (!keep) Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
            // Scratch files in the temp folder; a leftover costs disk, not correctness.
        }
    }
}
