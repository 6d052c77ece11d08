using ScottPlot;

namespace BlazorEs.Benchmarks.Suite;

/// <summary>PNG charts beside docs/benchmarks.md: every ratio of the run in one chart, plus each scenario's line series.</summary>
public static class BenchmarkCharts
{
    /// <summary>Writes the charts; returns the file names per scenario number ("*" for the ratio chart). A chart that cannot be drawn is logged and skipped.</summary>
    public static IReadOnlyDictionary<string, List<string>> Write(string folder, IReadOnlyList<ScenarioResult> results, TextWriter log)
    {
        var charts = new Dictionary<string, List<string>>();
        try
        {
            foreach (var result in results.Where(r => r.Comparisons.Count > 0))
            {
                var name = $"benchmarks-{result.Number}-ratios.png";
                RatioChart(result).SavePng(Path.Combine(folder, name), 900, 140 + (45 * result.Comparisons.Count));
                Add(charts, result.Number, name);
            }
            foreach (var result in results.Where(r => r.Series.Count > 0))
            {
                var name = $"benchmarks-{result.Number}-series.png";
                SeriesChart(result).SavePng(Path.Combine(folder, name), 900, 450);
                Add(charts, result.Number, name);
            }
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or IOException)
        {
            log.WriteLine($"charts could not be drawn: {ex.Message}");
        }
        return charts;
    }

    private static void Add(Dictionary<string, List<string>> charts, string key, string name)
    {
        if (!charts.TryGetValue(key, out var list)) charts[key] = list = [];
        list.Add(name);
    }

    private static Plot RatioChart(ScenarioResult result)
    {
        var plot = new Plot();
        var bars = result.Comparisons.Select((c, i) => new Bar
        {
            Position = result.Comparisons.Count - i,
            Value = double.IsNaN(c.Ratio) ? 0 : c.Ratio,
            FillColor = c.Met == false ? Colors.IndianRed : Colors.SteelBlue,
            Label = double.IsNaN(c.Ratio) ? "n/a" : $"{c.Ratio:F2}×",
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 12;
        plot.Add.VerticalLine(1, 1, Colors.Black);
        var ticks = result.Comparisons.Select((c, i) => new Tick(result.Comparisons.Count - i, Shorten(c.Name))).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Margins(left: 0, right: 0.15);
        plot.Title($"{result.Number}. {result.Title}: ours / reference (1.0 = equal)");
        plot.XLabel("ratio of medians");
        return plot;
    }

    private static Plot SeriesChart(ScenarioResult result)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < result.Series.Count; i++)
        {
            var series = result.Series[i];
            var line = plot.Add.Scatter(series.X.ToArray(), series.Y.ToArray(), palette.GetColor(i));
            line.LegendText = series.Name;
        }
        plot.ShowLegend();
        plot.Title($"{result.Number}. {result.Title}");
        plot.XLabel(result.Series[0].XLabel);
        plot.YLabel(result.Series[0].YLabel);
        return plot;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
