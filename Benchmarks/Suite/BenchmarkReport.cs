using System.Globalization;
using System.Text;

namespace BlazorEs.Benchmarks.Suite;

/// <summary>docs/benchmarks.md: how to run, the machine, the targets, the ratios, then every scenario's tables and notes.</summary>
public sealed class BenchmarkReport(
    BenchmarkSize size,
    MachineFacts machine,
    string loadAtEnd,
    DateTime started,
    DateTime finished,
    IReadOnlyList<ScenarioResult> results)
{
    public string ToMarkdown(IReadOnlyDictionary<string, List<string>> charts)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine("Run the whole suite (Release; it generates its own data in a temp folder and rewrites this file and the charts beside it):");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine("dotnet run -c Release --project Benchmarks -- --full");
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("`-- --smoke` runs every scenario once on tiny data (about 10,000 events, seconds) and exits non-zero if a scenario throws; "
            + "the test suite runs it (BenchmarkSmokeTests). `--only 1,3` runs some scenarios. The peer scenario needs Debian's PostgreSQL "
            + "(`apt-get install -y postgresql`); the suite starts and stops its own cluster on a loopback port.");
        md.AppendLine();
        md.AppendLine("How the costs grow with the history (1M, 3M, 10M events: rebuild, as-of, timeline, start-up, memory, bytes per event) is "
            + "the scale series, `-- --scale 1m,3m,10m [--history DIR]`, with its own report and targets: [benchmarks-scale.md](benchmarks-scale.md).");
        md.AppendLine();
        md.AppendLine("## This run");
        md.AppendLine();
        md.AppendLine($"- Mode: **{size.Mode}**, {size.Repetitions} repetition(s) per figure ({Append.AppendScenario.AppendRepetitions(size)} for the short append runs of "
            + $"scenarios 1 and 8); started {started:yyyy-MM-dd HH:mm} UTC, took {(finished - started).TotalMinutes:F1} min.");
        md.AppendLine($"- Machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB} GiB memory, {machine.Os}, {machine.Runtime}.");
        md.AppendLine($"- Load average (1/5/15 min) at start: {machine.LoadAverage}; at end: {loadAtEnd}. With {machine.Cores} cores, a load above "
            + $"{machine.Cores} means other work (other engineers' builds) was competing for the CPU; that is why every figure stands next to a reference measured in the same run.");
        md.AppendLine("- Every figure is min / median / max over the repetitions; a latency figure is a percentile within each repetition, summarised the same way.");
        md.AppendLine();

        var targets = results.SelectMany(r => r.Targets.Select(t => (r, t))).ToList();
        var targetRatios = results.SelectMany(r => r.Comparisons.Where(c => c.Target is not null).Select(c => (r, c))).ToList();
        if (targets.Count + targetRatios.Count > 0)
        {
            md.AppendLine("## Targets (issue 6)");
            md.AppendLine();
            md.AppendLine("| Scenario | Target | Measured (median) | Met |");
            md.AppendLine("| --- | --- | --- | --- |");
            foreach (var (r, c) in targetRatios)
                md.AppendLine($"| {r.Number}. {r.Title} | {c.Name}: {c.Target} | {Ratio(c.Ratio)} | {Met(c.Met)} |");
            foreach (var (r, t) in targets)
                md.AppendLine($"| {r.Number}. {r.Title} | {t.Text} | {Number(t.Figure.Median)} {t.Figure.Unit} | {Met(t.Met)} |");
            md.AppendLine();
        }

        var comparisons = results.SelectMany(r => r.Comparisons.Select(c => (r, c))).ToList();
        if (comparisons.Count > 0)
        {
            md.AppendLine("## Ratios (ours / reference, medians, same run)");
            md.AppendLine();
            md.AppendLine("| Scenario | Comparison | Ours | Reference | Ratio |");
            md.AppendLine("| --- | --- | --- | --- | --- |");
            foreach (var (r, c) in comparisons)
                md.AppendLine($"| {r.Number} | {c.Name} | {Number(c.Ours.Median)} {c.Ours.Unit} | {Number(c.Reference.Median)} {c.Reference.Unit} | {Ratio(c.Ratio)} |");
            md.AppendLine();
        }

        foreach (var result in results)
        {
            md.AppendLine($"## {result.Number}. {result.Title}");
            md.AppendLine();
            if (result.Error is not null)
            {
                md.AppendLine($"**Failed in this run:** `{result.Error.GetType().Name}: {result.Error.Message.ReplaceLineEndings(" ")}`");
                md.AppendLine();
            }
            if (result.NotMeasured is { } why)
            {
                md.AppendLine($"**Not measured in this run:** {why}");
                md.AppendLine();
            }
            FigureTable(md, result.Figures);
            if (result.Breakdown.Count > 0)
            {
                md.AppendLine("Breakdown (where the time goes):");
                md.AppendLine();
                FigureTable(md, result.Breakdown);
            }
            foreach (var note in result.Notes)
            {
                md.AppendLine(note);
                md.AppendLine();
            }
            if (charts.TryGetValue(result.Number, out var images))
                foreach (var image in images)
                {
                    md.AppendLine($"![{result.Title}]({image})");
                    md.AppendLine();
                }
            md.AppendLine($"_Scenario time: {result.Elapsed.TotalSeconds:F0} s._");
            md.AppendLine();
        }
        return md.ToString();
    }

    private static void FigureTable(StringBuilder md, IReadOnlyList<Figure> figures)
    {
        if (figures.Count == 0) return;
        md.AppendLine("| Figure | Unit | Min | Median | Max |");
        md.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var f in figures)
            md.AppendLine($"| {f.Name} | {f.Unit} | {Number(f.Min)} | {Number(f.Median)} | {Number(f.Max)} |");
        md.AppendLine();
    }

    public static string Number(double value) => value switch
    {
        double.NaN => "n/a",
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("F2", CultureInfo.InvariantCulture),
    };

    private static string Ratio(double ratio) => double.IsNaN(ratio) ? "n/a" : ratio.ToString("F2", CultureInfo.InvariantCulture) + "×";

    private static string Met(bool? met) => met switch { true => "yes", false => "**no**", null => "—" };
}
