namespace BlazorEs.Infrastructure.Limits;

/// <summary>The "Limits" configuration section: how much expensive work this instance does at once.</summary>
public sealed class WorkLimits
{
    /// <summary>"As of" replays (replay screen, /api/replay, diffs, compensation previews) running at once.</summary>
    public int Replays { get; set; } = 2;

    /// <summary>Verifications running at once (the others wait their turn as queued jobs).</summary>
    public int Verifications { get; set; } = 1;

    /// <summary>Exports running at once.</summary>
    public int Exports { get; set; } = 1;

    /// <summary>How long a request waits for a free slot before it is answered 503 with Retry-After.</summary>
    public double WaitSeconds { get; set; } = 10;

    /// <summary>Commands waiting for the event store's writer; past this a command is answered 503 at once.</summary>
    public int WriterQueue { get; set; } = 10_000;

    /// <summary>Rows the read-model query cache holds (an entry counts as many rows as it holds).</summary>
    public int CachedRows { get; set; } = 20_000;

    public string? Validate() =>
        Replays is < 1 or > 64 ? "Limits:Replays must be between 1 and 64."
        : Verifications is < 1 or > 64 ? "Limits:Verifications must be between 1 and 64."
        : Exports is < 1 or > 64 ? "Limits:Exports must be between 1 and 64."
        : WaitSeconds is < 0 or > 600 ? "Limits:WaitSeconds must be between 0 and 600."
        : WriterQueue is < 1 or > 1_000_000 ? "Limits:WriterQueue must be between 1 and 1000000."
        : CachedRows is < 0 or > 10_000_000 ? "Limits:CachedRows must be between 0 and 10000000."
        : null;
}
