namespace BlazorEs.Infrastructure.Replay;

/// <summary>The "Replay" configuration section.</summary>
public sealed class ReplayOptions
{
    /// <summary>A snapshot of every read model is written at each multiple of this position.</summary>
    public int SnapshotEvery { get; set; } = 10_000;

    public string? Validate() =>
        SnapshotEvery is < 10 or > 10_000_000 ? "Replay:SnapshotEvery must be between 10 and 10000000." : null;
}
