using Mediator;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// Published after a projection commits: which rows changed and up to which position. <see cref="AllChanged"/>
/// says "reload everything" (after a rebuild or a batch too large to list).
/// </summary>
public sealed record ReadModelsChanged(string Projection, IReadOnlyList<string> ChangedKeys, bool AllChanged, long Position) : INotification
{
    public const int MaxKeys = 500;
}
