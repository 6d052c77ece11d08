namespace BlazorEs.Benchmarks.Suite;

public static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 50);

    /// <summary>Nearest-rank percentile (0..100) of the values.</summary>
    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        if (sorted.Length % 2 == 0 && percentile == 50) return (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
