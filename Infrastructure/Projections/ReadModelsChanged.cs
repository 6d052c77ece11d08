namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// Raised (<see cref="ReadModelChangeFeed"/>) after a projection commits: which rows changed and up to which position. <see cref="AllChanged"/>
/// says "reload everything" (after a rebuild or a batch too large to list).
/// </summary>
public sealed record ReadModelsChanged(string Projection, IReadOnlyList<string> ChangedKeys, bool AllChanged, long Position)
{
    public const int MaxKeys = 500;
}
