using BlazorEs.Infrastructure.EventStore;
using Mediator;

namespace BlazorEs.Infrastructure.Timeline;

/// <summary>How many events a timeline view holds, cheaply: unfiltered, positions have no gaps, so the head is the count.</summary>
public sealed record GetTimelineCount(EventFilter Filter) : IQuery<TimelineCount>;

/// <summary>The head position when counted, and how many events at or below it match the filter.</summary>
public sealed record TimelineCount(long Head, long Matching);

public sealed class GetTimelineCountHandler(EventReader reader) : IQueryHandler<GetTimelineCount, TimelineCount>
{
    public async ValueTask<TimelineCount> Handle(GetTimelineCount query, CancellationToken cancellationToken)
    {
        if (IsEmpty(query.Filter))
        {
            var head = await reader.HeadPositionAsync(cancellationToken);
            return new TimelineCount(head, head);
        }
        // Count first: an event committed in between is then above the head and left to the live feed.
        var matching = await reader.CountAsync(query.Filter, cancellationToken);
        return new TimelineCount(await reader.HeadPositionAsync(cancellationToken), matching);
    }

    private static bool IsEmpty(EventFilter f) =>
        string.IsNullOrEmpty(f.StreamId) && string.IsNullOrEmpty(f.Type) && string.IsNullOrEmpty(f.UserId)
        && string.IsNullOrEmpty(f.CorrelationId) && f.From is null && f.To is null;
}
