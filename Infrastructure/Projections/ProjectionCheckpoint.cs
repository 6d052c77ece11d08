namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// How far a projection has applied the log, written in the same transaction as its rows. A parked projection
/// also remembers where it stopped and why, so the park survives a restart.
/// </summary>
public sealed class ProjectionCheckpoint
{
    public string Name { get; set; } = "";
    public long Position { get; set; }
    public long? ParkedAt { get; set; }
    public string? LastError { get; set; }
    public DateTime UpdatedAt { get; set; }
}
