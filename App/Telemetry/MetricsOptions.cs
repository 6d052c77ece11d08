namespace BlazorEs.App.Telemetry;

/// <summary>The "Metrics" section: the Prometheus scrape endpoint.</summary>
public sealed class MetricsOptions
{
    /// <summary>On by default and anonymous, like /health: a scraper has no sign-in. Off where the network cannot keep it private.</summary>
    public bool Enabled { get; set; } = true;

    public string Path { get; set; } = "/metrics";

    public string? Validate() =>
        string.IsNullOrWhiteSpace(Path) || !Path.StartsWith('/') || Path.StartsWith("/api/", StringComparison.Ordinal)
            ? $"Metrics:Path is '{Path}'; it must start with '/' and not be under /api/."
            : null;
}
