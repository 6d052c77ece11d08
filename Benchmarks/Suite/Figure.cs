namespace BlazorEs.Benchmarks.Suite;

/// <summary>One measured quantity: a value per repetition, summarised as min / median / max.</summary>
public sealed record Figure(string Name, string Unit, IReadOnlyList<double> Values, bool HigherIsBetter = true)
{
    public double Min => Values.Min();

    public double Max => Values.Max();

    public double Median => Stats.Median(Values);

    public static Figure Of(string name, string unit, IEnumerable<double> values, bool higherIsBetter = true) =>
        new(name, unit, values.ToArray(), higherIsBetter);
}

/// <summary>Ours next to its reference measured in the same run: the ratio is what holds on a noisy machine.</summary>
public sealed record Comparison(string Name, Figure Ours, Figure Reference, string? Target = null, double? TargetRatio = null)
{
    /// <summary>Ours over the reference, medians.</summary>
    public double Ratio => Reference.Median == 0 ? double.NaN : Ours.Median / Reference.Median;

    /// <summary>Null when no ratio target was set.</summary>
    public bool? Met => TargetRatio is { } goal ? (Ours.HigherIsBetter ? Ratio >= goal : Ratio <= goal) : null;
}

/// <summary>A target stated in absolute terms (commands/s, ms), checked against the median.</summary>
public sealed record TargetCheck(string Name, Figure Figure, double Goal, string Text)
{
    public bool Met => Figure.HigherIsBetter ? Figure.Median >= Goal : Figure.Median <= Goal;
}
