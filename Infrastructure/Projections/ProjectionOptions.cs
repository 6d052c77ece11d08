namespace BlazorEs.Infrastructure.Projections;

/// <summary>The "Projections" configuration section.</summary>
public sealed class ProjectionOptions
{
    /// <summary>Events read and committed per catch-up batch.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Attempts at a failing batch before the projection is parked (first try included).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry delay; doubles each attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often the hosted runner looks for events no notification announced.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a command's own flow waits for a projection's lock before leaving the work to whoever holds it.</summary>
    public TimeSpan CommandFlowWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest read-your-writes wait a caller may ask for.</summary>
    public TimeSpan MaxReadYourWritesWait { get; set; } = TimeSpan.FromSeconds(30);

    public string? Validate()
    {
        if (BatchSize is < 1 or > 100_000) return "Projections:BatchSize must be between 1 and 100000.";
        if (MaxAttempts is < 1 or > 100) return "Projections:MaxAttempts must be between 1 and 100.";
        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(1)) return "Projections:RetryDelay must be between 0 and 1 minute.";
        if (PollInterval < TimeSpan.FromMilliseconds(50)) return "Projections:PollInterval must be at least 50 ms.";
        return null;
    }
}
