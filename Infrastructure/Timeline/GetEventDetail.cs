using BlazorEs.Infrastructure.EventStore;
using Mediator;

namespace BlazorEs.Infrastructure.Timeline;

/// <summary>One event and its causation chain: every event of the same correlation, in position order.</summary>
public sealed record GetEventDetail(long Position) : IQuery<EventDetail?>;

/// <summary>The event, and the events its correlation produced (itself included), oldest first.</summary>
public sealed record EventDetail(RecordedEvent Event, IReadOnlyList<RecordedEvent> Correlated);

public sealed class GetEventDetailHandler(EventReader reader) : IQueryHandler<GetEventDetail, EventDetail?>
{
    public async ValueTask<EventDetail?> Handle(GetEventDetail query, CancellationToken cancellationToken)
    {
        if (query.Position < 1) return null;
        var found = await reader.ReadRecordedAfterAsync(query.Position - 1, 1, query.Position, cancellationToken);
        if (found.Count == 0) return null;
        var e = found[0];
        var correlated = string.IsNullOrEmpty(e.CorrelationId)
            ? [e]
            : await reader.ReadRecordedCorrelationAsync(e.CorrelationId, cancellationToken);
        return new EventDetail(e, correlated);
    }
}
