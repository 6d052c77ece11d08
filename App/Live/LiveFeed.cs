using System.Threading.Channels;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.App.Live;

/// <summary>What a subscription of <see cref="LiveFeed"/> is handed, one message at a time, in the order published.</summary>
public interface ILiveSubscriber
{
    Task OnEventsAsync(IReadOnlyList<RecordedEvent> events);

    Task OnChangesAsync(IReadOnlyList<ReadModelChange> changes);

    /// <summary>Messages were dropped because this subscriber fell behind: catch up from the store and reload.</summary>
    Task OnOverflowedAsync();
}

/// <summary>
/// The in-process side of the live push: <see cref="LiveBroadcaster"/> publishes here exactly the coalesced messages it
/// sends to <see cref="LiveHub"/>, and every console circuit subscribes (through its <see cref="CircuitLiveFeed"/>), so
/// no circuit needs a connection of its own. Publishing never waits for a subscriber: each subscription has a bounded
/// queue (<see cref="QueueCapacity"/> messages) drained by its own loop; when a subscriber falls that far behind, the
/// oldest messages are dropped and the subscriber is told it overflowed, so one slow circuit costs only itself a
/// resync from the store, never the broadcaster or the other circuits.
/// </summary>
public sealed class LiveFeed(ILogger<LiveFeed> logger)
{
    /// <summary>About ten seconds of a steady burst (two kinds of message, at most one of each per 100 ms window).</summary>
    public const int QueueCapacity = 200;

    private readonly Lock _gate = new();
    private LiveSubscription[] _subscriptions = [];
    private long _lastPublished = -1;

    /// <summary>The last event position published (-1: none since the app started).</summary>
    public long LastPublished => Interlocked.Read(ref _lastPublished);

    /// <summary>Subscriptions open now (each circuit that has started its feed and is connected holds one).</summary>
    public int SubscriptionCount => Volatile.Read(ref _subscriptions).Length;

    /// <summary>
    /// Starts handing every message published from now on to <paramref name="subscriber"/>. The subscription's
    /// <see cref="LiveSubscription.From"/> says after which position its events start (-1: nothing published yet).
    /// </summary>
    public LiveSubscription Subscribe(ILiveSubscriber subscriber)
    {
        lock (_gate)
        {
            var subscription = new LiveSubscription(this, subscriber, _lastPublished, logger);
            _subscriptions = [.. _subscriptions, subscription];
            return subscription;
        }
    }

    internal void Publish(IReadOnlyList<RecordedEvent> events)
    {
        if (events.Count == 0) return;
        // Under the lock with Subscribe: a new subscription either gets this message or starts after its last position.
        lock (_gate)
        {
            foreach (var subscription in _subscriptions) subscription.Enqueue(events);
            Interlocked.Exchange(ref _lastPublished, events[^1].Position);
        }
    }

    internal void Publish(IReadOnlyList<ReadModelChange> changes)
    {
        if (changes.Count == 0) return;
        foreach (var subscription in Volatile.Read(ref _subscriptions)) subscription.Enqueue(changes);
    }

    internal void Remove(LiveSubscription subscription)
    {
        lock (_gate) _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
    }
}

/// <summary>One subscriber's queue and the loop that delivers it; disposing it stops both.</summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly LiveFeed _feed;
    private readonly ILiveSubscriber _subscriber;
    private readonly ILogger _logger;
    private readonly Channel<object> _queue;
    private readonly CancellationTokenSource _stopped = new();
    private int _overflowed;
    private int _disposed;

    internal LiveSubscription(LiveFeed feed, ILiveSubscriber subscriber, long from, ILogger logger)
    {
        _feed = feed;
        _subscriber = subscriber;
        _logger = logger;
        From = from;
        _queue = Channel.CreateBounded<object>(
            new BoundedChannelOptions(LiveFeed.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Exchange(ref _overflowed, 1));
        Delivering = Task.Run(DeliverAsync);
    }

    /// <summary>The position after which this subscription's events start (-1: the feed had published none yet).</summary>
    public long From { get; }

    /// <summary>The delivery loop: completes once the subscription is disposed.</summary>
    public Task Delivering { get; }

    internal void Enqueue(object message) => _queue.Writer.TryWrite(message);

    private async Task DeliverAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopped.Token))
            {
                while (!_stopped.IsCancellationRequested && _queue.Reader.TryRead(out var message))
                {
                    // Whatever was dropped is older than this message: catch up first, then the message finds itself seen.
                    if (Interlocked.Exchange(ref _overflowed, 0) == 1) await SafelyAsync(_subscriber.OnOverflowedAsync);
                    await SafelyAsync(() => message switch
                    {
                        IReadOnlyList<RecordedEvent> events => _subscriber.OnEventsAsync(events),
                        IReadOnlyList<ReadModelChange> changes => _subscriber.OnChangesAsync(changes),
                        _ => Task.CompletedTask,
                    });
                }
            }
        }
        catch (OperationCanceledException) when (_stopped.IsCancellationRequested)
        {
        }
    }

    private async Task SafelyAsync(Func<Task> deliver)
    {
        try
        {
            await deliver();
        }
        catch (Exception ex) when (!_stopped.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "A live subscriber failed to take a message");
        }
        catch (Exception)
        {
            // Disposed while delivering: the subscriber is gone.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _feed.Remove(this);
        _queue.Writer.TryComplete();
        _stopped.Cancel();
    }
}
