using BlazorEs.Infrastructure.Commands;
using Mediator;

namespace BlazorEs.Infrastructure.EventStore;

/// <summary>The highest committed position this instance knows of, and a way to wait for it to move.</summary>
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

/// <summary>Keeps <see cref="StoreHead"/> current after every command commit.</summary>
public sealed class AdvanceStoreHead(StoreHead head) : INotificationHandler<EventsCommitted>
{
    public ValueTask Handle(EventsCommitted notification, CancellationToken cancellationToken)
    {
        head.Advance(notification.Result.LastPosition);
        return ValueTask.CompletedTask;
    }
}
