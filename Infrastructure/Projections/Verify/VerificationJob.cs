namespace BlazorEs.Infrastructure.Projections;

public enum VerificationState
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>
/// One consistency check of a projection, run in the background: replayed in memory up to the checkpoint it started
/// at and diffed against the live rows. <see cref="Differences"/> holds at most the first 100 (by key);
/// <see cref="DifferenceCount"/> all of them.
/// </summary>
public sealed record VerificationJob(
    string Projection,
    VerificationState State,
    string RequestedBy,
    DateTime RequestedAt,
    DateTime? StartedAt = null,
    DateTime? FinishedAt = null,
    long Processed = 0,
    long Total = 0,
    long? Checkpoint = null,
    int? DifferenceCount = null,
    IReadOnlyList<RowDifference>? Differences = null,
    string? Error = null)
{
    public const int MaxDifferencesShown = 100;

    /// <summary>True when the check finished without a difference; null while it runs or when it failed.</summary>
    public bool? Healthy => State == VerificationState.Done ? DifferenceCount == 0 : null;

    public bool Finished => State is VerificationState.Done or VerificationState.Failed;
}
