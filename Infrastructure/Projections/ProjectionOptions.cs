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

    /// <summary>
    /// Rows each live projection keeps in memory (issue 17): a table that fits is held whole; a bigger one keeps the
    /// rows used lately (up to a quarter more between trims) and reads the others from the table when an event needs them.
    /// </summary>
    public int HotRows { get; set; } = 50_000;

    public string? Validate()
    {
        if (HotRows is < 1 or > 10_000_000) return "Projections:HotRows must be between 1 and 10000000.";
        if (BatchSize is < 1 or > 100_000) return "Projections:BatchSize must be between 1 and 100000.";
        if (MaxAttempts is < 1 or > 100) return "Projections:MaxAttempts must be between 1 and 100.";
        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(1)) return "Projections:RetryDelay must be between 0 and 1 minute.";
        if (PollInterval < TimeSpan.FromMilliseconds(50)) return "Projections:PollInterval must be at least 50 ms.";
        return null;
    }
}
