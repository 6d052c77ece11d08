using Mediator;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>State, checkpoint, lag, rate and last error of every projection.</summary>
public sealed record GetProjectionStatuses : IQuery<IReadOnlyList<ProjectionStatus>>;

public sealed class GetProjectionStatusesHandler(ProjectionCatalog projections) : IQueryHandler<GetProjectionStatuses, IReadOnlyList<ProjectionStatus>>
{
    public async ValueTask<IReadOnlyList<ProjectionStatus>> Handle(GetProjectionStatuses query, CancellationToken cancellationToken) =>
        await Task.WhenAll(projections.All.Select(r => r.StatusAsync(cancellationToken)));
}
