namespace BlazorEs.Infrastructure.EventStore;

/// <summary>The highest position this instance has committed, and a way to wait for it to move (the writer advances it).</summary>
public sealed class StoreHead
{
    private long _position;
    private TaskCompletionSource _moved = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Position => Interlocked.Read(ref _position);

    public void Advance(long position)
    {
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
}
