namespace BlazorEs.Benchmarks.Suite;

/// <summary>What one scenario measured, or why it measured nothing.</summary>
public sealed class ScenarioResult(string number, string title)
{
    public string Number { get; } = number;

    public string Title { get; } = title;

    public List<Figure> Figures { get; } = [];

    public List<Comparison> Comparisons { get; } = [];

    public List<TargetCheck> Targets { get; } = [];

    /// <summary>Stopwatch breakdowns and other diagnostics, shown as a table of their own.</summary>
    public List<Figure> Breakdown { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>Line series drawn as one chart per scenario (e.g. delivery lag over time).</summary>
    public List<ChartSeries> Series { get; } = [];

    public string? NotMeasured { get; set; }

    public Exception? Error { get; set; }

    public TimeSpan Elapsed { get; set; }

    public Figure Add(Figure figure)
    {
        Figures.Add(figure);
        return figure;
    }
}

/// <summary>A line for a scenario's chart: x and y values with the axis names.</summary>
public sealed record ChartSeries(string Name, string XLabel, string YLabel, IReadOnlyList<double> X, IReadOnlyList<double> Y);
