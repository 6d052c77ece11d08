using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using Mediator;

namespace BlazorEs.Infrastructure.Timeline;

/// <summary>
/// Up to <see cref="Count"/> events matching <see cref="Filter"/>, newest first, below <see cref="BeforePosition"/>
/// (null: from the newest), after skipping <see cref="Skip"/> of them (a jump deep into a filtered view).
/// </summary>
public sealed record GetEventsPage(EventFilter Filter, long? BeforePosition, int Count, int Skip = 0) : IQuery<TimelinePage>, IValidatable
{
    public const int MaxCount = 500;

    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Count is < 1 or > MaxCount) errors["count"] = [$"Ask for 1 to {MaxCount} events."];
        if (Skip < 0) errors["skip"] = ["Skip must be 0 or more."];
        return errors;
    }
}

/// <summary>A page of the timeline and the cursor of the next (older) page, null at the oldest event.</summary>
public sealed record TimelinePage(IReadOnlyList<RecordedEvent> Events, long? Next);

public sealed class GetEventsPageHandler(EventReader reader) : IQueryHandler<GetEventsPage, TimelinePage>
{
    public async ValueTask<TimelinePage> Handle(GetEventsPage query, CancellationToken cancellationToken)
    {
        var before = query.BeforePosition;
        if (query.Skip > 0)
        {
            var at = await reader.PositionAtAsync(query.Filter, before ?? long.MaxValue, query.Skip, cancellationToken);
            if (at is null) return new TimelinePage([], null);
            before = at + 1;
        }
        var page = await reader.ReadPageAsync(query.Filter, before, query.Count, newestFirst: true, cancellationToken);
        return new TimelinePage(page.Events, page.Next);
    }
}
