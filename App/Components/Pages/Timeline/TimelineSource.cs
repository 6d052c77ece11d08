using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Timeline;
using Mediator;
using Microsoft.AspNetCore.Components.Web.Virtualization;

namespace BlazorEs.App.Components.Pages.Timeline;

/// <summary>
/// The rows behind the timeline's virtualized list: events that arrived live (newest first) on top of the stored
/// events at or below the head counted when the view loaded, which are paged from the store by position.
/// </summary>
public sealed class TimelineSource(IMediator mediator, EventFilter filter, TimelineCount count)
{
    /// <summary>
    /// The most rows one list scrolls through: 1,000,000 rows of 32 px stay under Chromium's ~33.5 million px limit on an
    /// element's height (a taller spacer is clamped and the oldest rows become unreachable). Older events are reached
    /// by narrowing the view (a "to" time), which moves the head down.
    /// </summary>
    public const int MaxRows = 1_000_000;

    private const int MaxRemembered = 200_000;

    private readonly Dictionary<long, long> _positions = new();
    private List<RecordedEvent> _fresh = [];
    private long _stored = count.Matching;

    public long Total => _fresh.Count + _stored;

    public int LiveCount => _fresh.Count;

    /// <summary>The newest position shown: live events at or below it are already in the list.</summary>
    public long Newest => _fresh.Count > 0 ? _fresh[0].Position : count.Head;

    public void Prepend(IEnumerable<RecordedEvent> rows) => _fresh = [.. rows.OrderByDescending(r => r.Position), .. _fresh];

    public async ValueTask<ItemsProviderResult<RecordedEvent>> LoadAsync(ItemsProviderRequest request)
    {
        var fresh = _fresh;
        var items = new List<RecordedEvent>(request.Count);
        var index = request.StartIndex;
        var end = request.StartIndex + request.Count;
        for (; index < end && index < fresh.Count; index++) items.Add(fresh[index]);
        if (index < end && index - fresh.Count < _stored)
        {
            var wanted = Math.Min(end - index, GetEventsPage.MaxCount);
            items.AddRange(await LoadStoredAsync(index - fresh.Count, wanted, request.CancellationToken));
        }
        return new ItemsProviderResult<RecordedEvent>(items, (int)Math.Min(MaxRows, fresh.Count + _stored));
    }

    /// <summary>Stored rows from the <paramref name="index"/>-th newest on, found by position rather than by offset where it can.</summary>
    private async Task<IReadOnlyList<RecordedEvent>> LoadStoredAsync(long index, int wanted, CancellationToken ct)
    {
        long before;
        var skip = 0L;
        if (TimelineFilter.IsEmpty(filter)) before = count.Head - index + 1; // positions have no gaps: index → position
        else if (index == 0) before = count.Head + 1;
        else if (_positions.TryGetValue(index - 1, out var previous)) before = previous;
        else (before, skip) = (count.Head + 1, index);

        var page = await mediator.Send(new GetEventsPage(filter, before, wanted, (int)Math.Min(skip, int.MaxValue)), ct);
        if (_positions.Count > MaxRemembered) _positions.Clear();
        for (var i = 0; i < page.Events.Count; i++) _positions[index + i] = page.Events[i].Position;
        if (page.Events.Count < wanted && page.Next is null) _stored = Math.Min(_stored, index + page.Events.Count);
        return page.Events;
    }
}
