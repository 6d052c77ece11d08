namespace BlazorEs.Infrastructure.Projections;

/// <summary>Runs one projection: catch-up, status, operator actions, rebuild and consistency check.</summary>
public interface IProjectionRunner
{
    string Name { get; }

    IProjection Projection { get; }

    long Checkpoint { get; }

    /// <summary>Brings the projection up to the head of the log (waits for its lock).</summary>
    Task CatchUpAsync(CancellationToken ct);

    /// <summary>
    /// The command flow's call: returns at once when the checkpoint is already at or past <paramref name="position"/>
    /// (someone else applied it); otherwise waits at most <paramref name="lockWait"/> for the lock and catches up.
    /// </summary>
    Task<bool> TryCatchUpAsync(long position, TimeSpan lockWait, CancellationToken ct);

    /// <summary>Completes when the checkpoint reaches <paramref name="position"/>; throws if the projection parks before it.</summary>
    Task WaitForAsync(long position, CancellationToken ct);

    Task<ProjectionStatus> StatusAsync(CancellationToken ct);

    /// <summary>Clears the park and tries the failing event again.</summary>
    Task<long> RetryAsync(CancellationToken ct);

    /// <summary>Moves the checkpoint past the parked event without applying it; returns its position.</summary>
    Task<long> SkipAsync(CancellationToken ct);

    /// <summary>Replays from position 0 in memory, then replaces the live rows, checks them and moves the checkpoint in one transaction; the old rows serve reads until it commits.</summary>
    Task<RebuildProgress> RebuildAsync(CancellationToken ct);

    RebuildProgress? Rebuild { get; }

    /// <summary>Replays in memory up to the checkpoint and lists the live rows that differ.</summary>
    Task<IReadOnlyList<RowDifference>> VerifyAsync(CancellationToken ct);

    /// <summary>The rows as of <paramref name="position"/>, computed in memory with the same Apply (replay view).</summary>
    Task<IReadOnlyList<object>> ReplayAsync(long position, CancellationToken ct);
}
