namespace BlazorEs.Infrastructure.Health;

/// <summary>The "Health" configuration section.</summary>
public sealed class HealthOptions
{
    /// <summary>A projection further behind the log than this (the oldest event it has not applied) makes the app not ready.</summary>
    public double MaxLagSeconds { get; set; } = 30;

    /// <summary>How often the console's health state (app bar, Projections screen) runs the readiness checks.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public string? Validate() =>
        MaxLagSeconds is < 0.1 or > 86_400 ? "Health:MaxLagSeconds must be between 0.1 and 86400."
        : PollInterval < TimeSpan.FromMilliseconds(100) || PollInterval > TimeSpan.FromMinutes(10) ? "Health:PollInterval must be between 100 ms and 10 minutes."
        : null;
}
