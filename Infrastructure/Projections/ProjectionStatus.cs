namespace BlazorEs.Infrastructure.Projections;

public enum ProjectionState
{
    Starting,
    CatchingUp,
    Live,
    Parked,
    Rebuilding,
}

public enum RebuildPhase
{
    Replaying,
    /// <summary>Waiting for the projection's lock, applying the tail, then replacing the live rows and checkpoint in one transaction.</summary>
    Swapping,
    Done,
    Failed,
}

/// <summary>Where a rebuild is, and how long it will take.</summary>
public sealed record RebuildProgress(
    RebuildPhase Phase,
    long Processed,
    long Total,
    double EventsPerSecond,
    TimeSpan? Eta,
    DateTime StartedAt,
    DateTime? FinishedAt,
    string? Error)
{
    public double Percent => Total == 0 ? 100 : Math.Round(100.0 * Processed / Total, 1);
}

/// <summary>What an operator needs to see of one projection.</summary>
public sealed record ProjectionStatus(
    string Name,
    ProjectionState State,
    long Checkpoint,
    long Head,
    long LagEvents,
    double LagSeconds,
    double EventsPerSecond,
    long? ParkedAt,
    string? LastError,
    RebuildProgress? Rebuild);

/// <summary>A row that differs between the live table and a clean replay.</summary>
public sealed record RowDifference(string Key, string Kind, object? Live, object? Replayed)
{
    /// <summary>The rows of <paramref name="live"/> that are unexpected, changed or missing against <paramref name="replayed"/>, by key.</summary>
    internal static List<RowDifference> Between<TRow>(IEnumerable<TRow> live, IEnumerable<TRow> replayed) where TRow : class, IReadModelRow
    {
        var expected = replayed.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var differences = new List<RowDifference>();
        foreach (var row in live)
        {
            if (!expected.Remove(row.Key, out var want)) differences.Add(new RowDifference(row.Key, "unexpected", row, null));
            else if (!row.Equals(want)) differences.Add(new RowDifference(row.Key, "changed", row, want));
        }
        differences.AddRange(expected.Values.Select(r => new RowDifference(r.Key, "missing", null, r)));
        return differences.OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
    }
}
