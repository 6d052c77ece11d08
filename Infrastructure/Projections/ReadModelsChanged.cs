namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// Raised (<see cref="ReadModelChangeFeed"/>) after a projection commits: which rows changed and up to which position. <see cref="AllChanged"/>
/// says "reload everything" (after a rebuild or a batch too large to list).
/// </summary>
public sealed record ReadModelsChanged(string Projection, IReadOnlyList<string> ChangedKeys, bool AllChanged, long Position)
{
    public const int MaxKeys = 500;

    /// <summary>
    /// For a live commit of this instance's projection: the checkpoint it moved from, and every key it wrote (however
    /// many — <see cref="ChangedKeys"/> stops listing at <see cref="MaxKeys"/>). The snapshot writer's record of the rows
    /// changed since its last snapshot; null when the rows changed some other way (a rebuild, a park, another instance).
    /// </summary>
    public CommittedRows? Committed { get; init; }
}

/// <summary>A live commit's rows: the keys written, and the checkpoints it moved between (<see cref="From"/>, the change's Position].</summary>
public sealed record CommittedRows(long From, IReadOnlyCollection<string> Keys);
