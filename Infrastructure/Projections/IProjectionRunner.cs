namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// One projection, by what is asked of it: keep its read model live, act on it as an operator, rebuild / verify /
/// replay it, and report its status. Each part is its own type next to what it uses (Live/, Operator/, Rebuild/).
/// </summary>
public interface IProjectionRunner
{
    string Name { get; }

    IProjection Projection { get; }

    long Checkpoint { get; }

    ILiveProjection Live { get; }

    IProjectionOperatorActions Operator { get; }

    IProjectionRebuild Rebuild { get; }

    /// <summary>State, checkpoint, lag (events and seconds), rate, park and rebuild progress.</summary>
    Task<ProjectionStatus> StatusAsync(CancellationToken ct);
}

/// <summary>Keeping the read model live: catch-up to the head, and waiting for a position (read-your-writes).</summary>
public interface ILiveProjection
{
    /// <summary>Brings the projection up to the head of the log (waits for its lock).</summary>
    Task CatchUpAsync(CancellationToken ct);

    /// <summary>
    /// The command flow's call: returns at once when the checkpoint is already at or past <paramref name="position"/>
    /// (someone else applied it); otherwise waits at most <paramref name="lockWait"/> for the lock and catches up.
    /// </summary>
    Task<bool> TryCatchUpAsync(long position, TimeSpan lockWait, CancellationToken ct);

    /// <summary>Completes when the checkpoint reaches <paramref name="position"/>; throws if the projection parks before it.</summary>
    Task WaitForAsync(long position, CancellationToken ct);

    /// <summary>Rows (and keys known to have none) this instance keeps in memory for the projection: at most Projections:HotRows and a quarter.</summary>
    int HeldRows { get; }
}

/// <summary>An operator's actions on a parked projection (recorded with who and why by Infrastructure/Operations).</summary>
public interface IProjectionOperatorActions
{
    /// <summary>Clears the park and tries the failing event again; returns its position.</summary>
    Task<long> RetryAsync(CancellationToken ct);

    /// <summary>Moves the checkpoint past the parked event without applying it; returns its position.</summary>
    Task<long> SkipAsync(CancellationToken ct);

    /// <summary>
    /// Retries only when the projection is parked at <paramref name="parkedAt"/> (checked under the lock, so two operators
    /// can never act on another event than the one they named); <paramref name="beforeChange"/> runs under the same lock
    /// first (the audit record). A conflict when it is parked elsewhere, a rule error when it is not parked.
    /// </summary>
    Task<long> RetryAsync(long parkedAt, Func<Task> beforeChange, CancellationToken ct);

    /// <summary>Skips only the event at <paramref name="parkedAt"/>; as <see cref="RetryAsync(long, Func{Task}, CancellationToken)"/>.</summary>
    Task<long> SkipAsync(long parkedAt, Func<Task> beforeChange, CancellationToken ct);
}

/// <summary>The projection replayed from the log with its own Apply: rebuilt, verified, or shown as of a position.</summary>
public interface IProjectionRebuild
{
    /// <summary>The running or last rebuild; null before the first.</summary>
    RebuildProgress? Progress { get; }

    /// <summary>Replays from position 0 in memory, then replaces the live rows, checks them and moves the checkpoint in one transaction; the old rows serve reads until it commits.</summary>
    Task<RebuildProgress> RunAsync(CancellationToken ct);

    /// <summary>
    /// Replays in memory up to the checkpoint and lists the live rows that differ; <paramref name="progress"/> hears
    /// (position reached, checkpoint) after each batch. Requests go through <see cref="VerificationJobs"/>.
    /// </summary>
    Task<IReadOnlyList<RowDifference>> VerifyAsync(CancellationToken ct, Action<long, long>? progress = null);

    /// <summary>The rows as of <paramref name="position"/>, computed in memory with the same Apply (replay view).</summary>
    Task<IReadOnlyList<object>> ReplayAsync(long position, CancellationToken ct);
}
