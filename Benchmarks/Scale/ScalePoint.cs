namespace BlazorEs.Benchmarks.Scale;

/// <summary>What the series measured at one history size: named figures (medians), with their units.</summary>
public sealed class ScalePoint(string label, long events)
{
    public string Label { get; } = label;

    public long Events { get; } = events;

    public Dictionary<string, ScaleValue> Values { get; } = new(StringComparer.Ordinal);

    public List<string> Notes { get; } = [];

    public TimeSpan Elapsed { get; set; }

    public void Set(string name, double value, string unit, bool higherIsBetter = false) => Values[name] = new ScaleValue(value, unit, higherIsBetter);

    public double? Get(string name) => Values.TryGetValue(name, out var v) ? v.Value : null;
}

public sealed record ScaleValue(double Value, string Unit, bool HigherIsBetter);

/// <summary>The names the series reports under, so the report and the targets agree.</summary>
public static class ScaleFigures
{
    public const string Generation = "history generation";
    public const string Rebuild = "rebuild all projections";
    public const string RawRead = "raw sequential read";
    public const string RebuildRatio = "rebuild / raw read";
    public const string AsOfEvery = "as-of every read model (the replay screen: orders a page), p95";
    public const string AsOfWhole = "as-of every read model whole (diff, compensation preview), p95";
    public const string StreamAsOf = "one stream as of a version, p95";
    public const string TimelinePrefix = "timeline first page ";
    public const string DeepUnfiltered = "timeline page 1,000 unfiltered, p95";
    public const string DeepFiltered = "timeline page 1,000 by type, p95";
    public const string Startup = "startup to all projections live";
    public const string WorkingSetStart = "working set after start-up";
    public const string HeapStart = "managed heap after start-up";
    public const string WorkingSetLoad = "working set after mixed load";
    public const string HeapLoad = "managed heap after mixed load";
    public const string EventBytes = "events + indexes per event";
    public const string ReadTableBytes = "read tables + indexes per event";
    public const string SnapshotBytes = "snapshots per event";
    public const string DatabaseBytes = "database file per event";
    public const string SnapshotStorage = "snapshot storage";
}
