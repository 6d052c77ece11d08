namespace BlazorEs.Infrastructure.Projections;

/// <summary>An event a projection could not apply; the projection parks at <see cref="Position"/> if retries fail.</summary>
public sealed class ProjectionApplyException(string projection, long position, string eventType, Exception inner)
    : Exception($"{projection} failed to apply {eventType} at position {position}: {inner.Message}", inner)
{
    public string Projection { get; } = projection;
    public long Position { get; } = position;
    public string EventType { get; } = eventType;
}

/// <summary>Read-your-writes cannot be met: the projection is parked before the position waited for.</summary>
public sealed class ProjectionParkedException(string projection, long parkedAt)
    : Exception($"Projection {projection} is parked at position {parkedAt}; an operator must retry or skip that event.")
{
    public string Projection { get; } = projection;
    public long ParkedAt { get; } = parkedAt;
}
