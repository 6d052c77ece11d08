namespace BlazorEs.Infrastructure.EventStore;

/// <summary>
/// The highest position this instance has committed, and a way to wait for it to move (the writer advances it);
/// in-process readers can also take each commit's events as they are stored, instead of reading them back.
/// </summary>
public sealed class StoreHead
{
    private long _position;
    private TaskCompletionSource _moved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action<IReadOnlyList<StoredEvent>>[] _listeners = [];

    public long Position => Interlocked.Read(ref _position);

    /// <summary>
    /// Calls <paramref name="listener"/> on the writer's loop, in position order, with the events of every commit after
    /// it is durable and before the commit's callers are answered. It must only take the events, never block. Each
    /// event carries the JSON it was stored as (<see cref="StoredEvent.Json"/>): a listener that shows events makes
    /// <see cref="RecordedEvent"/>s of them with <see cref="RecordedEvent.From"/>, without serializing anything again.
    /// </summary>
    public void OnCommitted(Action<IReadOnlyList<StoredEvent>> listener)
    {
        Action<IReadOnlyList<StoredEvent>>[] current, next;
        do
        {
            current = Volatile.Read(ref _listeners);
            next = [.. current, listener];
        } while (Interlocked.CompareExchange(ref _listeners, next, current) != current);
    }

    public void Advance(long position, IReadOnlyList<StoredEvent>? committed = null)
    {
        if (committed is { Count: > 0 })
            foreach (var listener in Volatile.Read(ref _listeners)) listener(committed);
        long current;
        do
        {
            current = Interlocked.Read(ref _position);
            if (position <= current) return;
        } while (Interlocked.CompareExchange(ref _position, position, current) != current);
        Interlocked.Exchange(ref _moved, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Completes the next time the head moves.</summary>
    public Task Moved => Volatile.Read(ref _moved).Task;

    /// <summary>Whether anyone takes the committed events (the writer builds them only then).</summary>
    public bool HasListeners => Volatile.Read(ref _listeners).Length > 0;
}
