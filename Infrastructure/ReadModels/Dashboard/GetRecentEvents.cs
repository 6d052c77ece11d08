using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using Mediator;

namespace BlazorEs.Infrastructure.ReadModels.Dashboard;

/// <summary>The newest events, newest first: the dashboard's recent activity before live events arrive.</summary>
public sealed record GetRecentEvents(int Count = 15) : IQuery<IReadOnlyList<RecordedEvent>>, IValidatable
{
    public const int MaxCount = 200;

    public IReadOnlyDictionary<string, string[]> Validate() =>
        Count is < 1 or > MaxCount
            ? new Dictionary<string, string[]> { ["count"] = [$"count must be between 1 and {MaxCount}."] }
            : new Dictionary<string, string[]>();
}

public sealed class GetRecentEventsHandler(EventReader reader) : IQueryHandler<GetRecentEvents, IReadOnlyList<RecordedEvent>>
{
    public async ValueTask<IReadOnlyList<RecordedEvent>> Handle(GetRecentEvents query, CancellationToken cancellationToken)
    {
        var page = await reader.ReadPageAsync(EventFilter.None, cursor: null, query.Count, newestFirst: true, cancellationToken);
        return page.Events;
    }
}
