using BlazorEs.Domain.Errors;
using Mediator;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>The consistency check: replays the projection in memory up to its checkpoint and diffs it with the live rows.</summary>
public sealed record VerifyProjection(string Name) : IQuery<ProjectionVerification>;

/// <summary>No differences means the live table is exactly what a clean replay to <see cref="Checkpoint"/> gives.</summary>
public sealed record ProjectionVerification(string Projection, long Checkpoint, IReadOnlyList<RowDifference> Differences);

public sealed class VerifyProjectionHandler(ProjectionCatalog projections) : IQueryHandler<VerifyProjection, ProjectionVerification>
{
    public async ValueTask<ProjectionVerification> Handle(VerifyProjection query, CancellationToken cancellationToken)
    {
        if (!projections.TryGet(query.Name, out var runner))
            throw DomainException.NotFound($"There is no projection '{query.Name}'. Projections: {string.Join(", ", projections.Names)}.");
        var differences = await runner.Rebuild.VerifyAsync(cancellationToken);
        return new ProjectionVerification(runner.Name, runner.Checkpoint, differences);
    }
}
