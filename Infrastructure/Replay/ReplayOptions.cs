namespace BlazorEs.Infrastructure.Replay;

/// <summary>The "Replay" configuration section.</summary>
public sealed class ReplayOptions
{
    /// <summary>A snapshot of every read model (full or delta) is written at each multiple of this position: the longest tail an "as of" replays.</summary>
    public int SnapshotEvery { get; set; } = 2_500;

    /// <summary>
    /// A read model gets a full snapshot instead of a delta once its deltas since the last full one would add up to
    /// more than this share of that full one's size. Bounds what a restore decodes (at most 1 + this share of a full
    /// snapshot) and keeps the storage linear in the history: full snapshots take at most 1 / this share of the deltas.
    /// </summary>
    public double FullSnapshotAfterDeltas { get; set; } = 0.5;

    /// <summary>
    /// Whether this instance's <see cref="SnapshotWriter"/> writes snapshots when it projects (default true). False
    /// leaves the stored ones as they are: "as of" then replays longer tails, never answers differently.
    /// </summary>
    public bool WriteSnapshots { get; set; } = true;

    /// <summary>
    /// A stream's state is stored at each multiple of this version that a load folds past (<see cref="Streams.Snapshots.StreamStates"/>):
    /// the most events a load of one stream folds. 0 stores none.
    /// </summary>
    public int StreamSnapshotEvery { get; set; } = 100;

    public string? Validate() =>
        SnapshotEvery is < 10 or > 10_000_000 ? "Replay:SnapshotEvery must be between 10 and 10000000."
        : StreamSnapshotEvery is not 0 and (< 10 or > 1_000_000) ? "Replay:StreamSnapshotEvery must be 0 (no stream snapshots) or between 10 and 1000000."
        : FullSnapshotAfterDeltas is < 0 or > 100 ? "Replay:FullSnapshotAfterDeltas must be between 0 and 100."
        : null;
}
