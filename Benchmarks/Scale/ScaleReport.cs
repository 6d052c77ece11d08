using System.Globalization;
using System.Text;
using BlazorEs.Benchmarks.Suite;
using ScottPlot;

namespace BlazorEs.Benchmarks.Scale;

/// <summary>docs/benchmarks-scale.md: one table of every figure by size, issue 17's targets met or not, one chart per figure.</summary>
internal static class ScaleReport
{
    public static string Write(string folder, ScaleOptions options, MachineFacts machine, string loadAfter, DateTime started, DateTime finished,
        IReadOnlyList<ScalePoint> points, TextWriter log)
    {
        var names = points.SelectMany(p => p.Values.Keys).Distinct().ToList();
        var charts = Charts(folder, names, points, log);
        var md = new StringBuilder();
        md.AppendLine("# Scale series");
        md.AppendLine();
        md.AppendLine($"`dotnet run -c Release --project Benchmarks -- --scale {string.Join(",", points.Select(p => p.Label))}"
            + (options.HistoryFolder is null ? "" : " --history DIR") + $" --mixed-load-minutes {options.MixedLoadMinutes.ToString(CultureInfo.InvariantCulture)}`"
            + $" — {started:yyyy-MM-dd HH:mm} to {finished:HH:mm} UTC ({(finished - started).TotalMinutes:F0} min) on {machine.Cpu}, {machine.Cores} cores, "
            + $"{machine.MemoryGiB:F0} GiB, {machine.Os}, {machine.Runtime}; load average {machine.LoadAverage} before, {loadAfter} after. "
            + "Each size's history comes from the shared generator (HistoryStore); figures are medians of the repetitions.");
        md.AppendLine();
        if (double.TryParse(machine.LoadAverage.Split(' ')[0], CultureInfo.InvariantCulture, out var load) && load > machine.Cores)
        {
            md.AppendLine($"**The machine was shared during this run** (load {load:F0} on {machine.Cores} cores): absolute latencies and rates are "
                + "inflated and noisy; growth between sizes measured minutes apart is only indicative. Bytes per event and memory are not affected by load.");
            md.AppendLine();
        }
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("| Target | Measured | Met |");
        md.AppendLine("| --- | --- | --- |");
        foreach (var (text, measured, met) in Targets(points)) md.AppendLine($"| {text} | {measured} | {(met switch { true => "yes", false => "**no**", null => "—" })} |");
        md.AppendLine();
        md.AppendLine("## Figures by history size");
        md.AppendLine();
        md.AppendLine("| Figure | Unit | " + string.Join(" | ", points.Select(p => $"{p.Label} ({p.Events:N0})")) + " | last / first |");
        md.AppendLine("| --- | --- | " + string.Join(" | ", points.Select(_ => "---")) + " | --- |");
        foreach (var name in names)
        {
            var unit = points.Select(p => p.Values.GetValueOrDefault(name)).FirstOrDefault(v => v is not null)?.Unit ?? "";
            var values = points.Select(p => p.Get(name)).ToList();
            var growth = values[0] is { } first && values[^1] is { } last && first != 0 ? (last / first).ToString("F2", CultureInfo.InvariantCulture) + "×" : "—";
            md.AppendLine($"| {name} | {unit} | " + string.Join(" | ", values.Select(v => v is { } x ? BenchmarkReport.Number(x) : "—")) + $" | {growth} |");
        }
        md.AppendLine();
        foreach (var point in points.Where(p => p.Notes.Count > 0))
        {
            md.AppendLine($"**{point.Label}** ({point.Elapsed.TotalMinutes:F0} min): " + string.Join(" ", point.Notes));
            md.AppendLine();
        }
        foreach (var chart in charts)
        {
            md.AppendLine($"![{chart.Name}]({chart.File})");
            md.AppendLine();
        }
        var path = Path.Combine(folder, "benchmarks-scale.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    /// <summary>Issue 17's targets that this series measures, growth from the first size to the last.</summary>
    private static IEnumerable<(string Text, string Measured, bool? Met)> Targets(IReadOnlyList<ScalePoint> points)
    {
        var first = points[0];
        var last = points[^1];
        string From() => $"{first.Label} → {last.Label}";
        (string, string, bool?) Growth(string name, double limit)
        {
            var (a, b) = (first.Get(name), last.Get(name));
            if (a is not { } x || b is not { } y || points.Count < 2) return ($"{name}: grows ≤ {limit}× {From()}", "not measured", null);
            return ($"{name}: grows ≤ {limit}× {From()}", $"{BenchmarkReport.Number(x)} → {BenchmarkReport.Number(y)} ({y / x:F2}×)", y / x <= limit);
        }
        (string, string, bool?) AtMost(string name, double limit, string unit)
        {
            var v = last.Get(name);
            return ($"{name} ≤ {BenchmarkReport.Number(limit)} {unit} at {last.Label}", v is { } x ? $"{BenchmarkReport.Number(x)} {unit}" : "not measured", v is { } y && !double.IsNaN(y) ? y <= limit : null);
        }

        yield return Growth(ScaleFigures.AsOfEvery, 1.5);
        yield return Growth(ScaleFigures.StreamAsOf, 1.5);
        foreach (var name in last.Values.Keys.Where(k => k.StartsWith(ScaleFigures.TimelinePrefix, StringComparison.Ordinal)))
            yield return Growth(name, 1.5);
        var (r1, r2) = (first.Get(ScaleFigures.Rebuild), last.Get(ScaleFigures.Rebuild));
        yield return ($"rebuild events/s at {last.Label} ≥ 0.8× its {first.Label} figure",
            r1 is { } a && r2 is { } b ? $"{BenchmarkReport.Number(a)} → {BenchmarkReport.Number(b)} ({b / a:F2}×)" : "not measured",
            r1 is { } c && r2 is { } d && points.Count > 1 ? d / c >= 0.8 : null);
        yield return AtMost(ScaleFigures.AsOfEvery, 100, "ms");
        foreach (var name in last.Values.Keys.Where(k => k.StartsWith(ScaleFigures.TimelinePrefix + "unfiltered", StringComparison.Ordinal)
                     || (k.StartsWith(ScaleFigures.TimelinePrefix, StringComparison.Ordinal) && k.Contains("by ", StringComparison.Ordinal))))
            yield return AtMost(name, 10, "ms");
        yield return AtMost(ScaleFigures.WorkingSetLoad, 1024, "MB");
        var ratio = last.Get(ScaleFigures.RebuildRatio);
        yield return ($"rebuild ≥ 0.85× a raw sequential read at {last.Label}", ratio is { } q ? $"{q:F2}×" : "not measured", ratio is { } z ? z >= 0.85 : null);
        yield return ("a console circuit ≤ 300 KB beyond the baseline (200 circuits); commands at 8 clients ≥ 0.6× the writer's ceiling, p99 ≤ 10 ms; live latency p95 ≤ 50 ms",
            "not part of this series: scenarios 2, 6 and 7 of the suite (docs/benchmarks.md) measure commands, live latency and fan-out at 1M", null);
    }

    private static List<(string Name, string File)> Charts(string folder, IReadOnlyList<string> names, IReadOnlyList<ScalePoint> points, TextWriter log)
    {
        var charts = new List<(string, string)>();
        try
        {
            for (var i = 0; i < names.Count; i++)
            {
                var name = names[i];
                var xs = points.Where(p => p.Get(name) is { } v && !double.IsNaN(v)).ToList();
                if (xs.Count == 0) continue;
                var plot = new Plot();
                var line = plot.Add.Scatter(xs.Select(p => p.Events / 1e6).ToArray(), xs.Select(p => p.Get(name)!.Value).ToArray());
                line.MarkerSize = 8;
                plot.Title(name);
                plot.XLabel("events in the history (millions)");
                plot.YLabel(xs[0].Values[name].Unit);
                plot.Axes.SetLimitsY(0, xs.Max(p => p.Get(name)!.Value) * 1.15);
                var file = $"benchmarks-scale-{i + 1:00}.png";
                plot.SavePng(Path.Combine(folder, file), 640, 360);
                charts.Add((name, file));
            }
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or IOException)
        {
            log.WriteLine($"charts could not be drawn: {ex.Message}");
        }
        return charts;
    }
}
