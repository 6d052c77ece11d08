using System.Globalization;

namespace BlazorEs.Benchmarks.Scale;

/// <summary>
/// `--scale 1m,3m,10m`: the history sizes of the series (k and m suffixes; at least one); `--history DIR` keeps each
/// size's history as DIR/history-&lt;size&gt;.db and reuses it; `--mixed-load-minutes N` (default 10) is how long the
/// app runs mixed load before its second memory reading; `--repetitions N` (default 1) repeats each scenario.
/// </summary>
public sealed record ScaleOptions(IReadOnlyList<(string Label, int Events)> Sizes, string? HistoryFolder, double MixedLoadMinutes, int Repetitions, string? Output)
{
    public const int MaxEvents = 50_000_000;

    /// <summary>The options, or the one sentence that says what is wrong with them.</summary>
    public static (ScaleOptions? Options, string? Error) Parse(string sizes, Func<string, string?> value)
    {
        var parsed = new List<(string, int)>();
        foreach (var item in sizes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Events(item) is not { } events) return (null, $"--scale: '{item}' is not a size like 300k or 1m (1,000 to {MaxEvents:N0} events).");
            parsed.Add((item.ToLowerInvariant(), events));
        }
        if (parsed.Count == 0) return (null, "--scale needs at least one size, e.g. --scale 1m,3m,10m.");
        if (parsed.Zip(parsed.Skip(1)).Any(p => p.Second.Item2 <= p.First.Item2)) return (null, "--scale: sizes must grow from left to right.");
        var minutes = 10.0;
        if (value("--mixed-load-minutes") is { } m && (!double.TryParse(m, CultureInfo.InvariantCulture, out minutes) || minutes is < 0 or > 120))
            return (null, "--mixed-load-minutes must be a number of minutes from 0 to 120.");
        var repetitions = 1;
        if (value("--repetitions") is { } r && (!int.TryParse(r, CultureInfo.InvariantCulture, out repetitions) || repetitions is < 1 or > 10))
            return (null, "--repetitions must be 1 to 10.");
        return (new ScaleOptions(parsed, value("--history") is { } h ? Path.GetFullPath(h) : null, minutes, repetitions, value("--out")), null);
    }

    private static int? Events(string item)
    {
        var text = item.ToLowerInvariant();
        var factor = text.EndsWith('m') ? 1_000_000 : text.EndsWith('k') ? 1_000 : 1;
        if (factor > 1) text = text[..^1];
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n * factor is >= 1000 and <= MaxEvents
            ? (int)(n * factor)
            : null;
    }

    /// <summary>Where a size's history is kept between runs, or null (generated into the scratch folder).</summary>
    public string? HistoryFile(string label) => HistoryFolder is null ? null : Path.Combine(HistoryFolder, $"history-{label}.db");
}
