using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.App.Live;

/// <summary>
/// One circuit's view of <see cref="LiveFeed"/> (scoped): what its components subscribe to. Drops events at or below
/// the last position it delivered, fills a gap from the store before delivering what follows it, and after the
/// browser's connection comes back (<see cref="LiveCircuitHandler"/>) or after its queue overflowed, catches up from
/// the store and tells views to reload their read models ("*"): nothing missed, nothing twice. While the browser is
/// away it holds no subscription, so a dropped connection costs the server nothing until it returns; when the circuit
/// ends the subscription ends with it.
/// </summary>
public sealed class CircuitLiveFeed(LiveFeed feed, EventReader reader, ILogger<CircuitLiveFeed> logger)
    : ILiveFeed, ILiveSubscriber, IDisposable
{
    private const int ResyncBatch = 1000;

    private readonly SemaphoreSlim _deliver = new(1, 1);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _ended = new();
    private LiveSubscription? _subscription;
    private long _lastPosition = -1;
    private bool _started;
    private bool _disposed;

    public LiveConnectionState State { get; private set; } = LiveConnectionState.Connecting;

    public long LastPosition => Math.Max(0, Interlocked.Read(ref _lastPosition));

    public event Func<IReadOnlyList<RecordedEvent>, Task>? EventsAppended;

    public event Func<IReadOnlyList<ReadModelChange>, Task>? ReadModelsChanged;

    public event Func<LiveConnectionState, Task>? StateChanged;

    public async Task StartAsync()
    {
        lock (_gate)
        {
            if (_started || _disposed) return;
            _started = true;
        }
        var from = Attach();
        // Nothing published yet since the app started: everything after the store's head now is new to this circuit.
        if (from < 0) Interlocked.CompareExchange(ref _lastPosition, await reader.HeadPositionAsync(_ended.Token), -1);
        await SetStateAsync(LiveConnectionState.Live);
    }

    /// <summary>The browser's connection dropped: stop taking messages until it is back (then catch up from the store).</summary>
    internal Task ConnectionDownAsync()
    {
        lock (_gate)
        {
            if (!_started || _disposed) return Task.CompletedTask;
            Detach();
        }
        return SetStateAsync(LiveConnectionState.Reconnecting);
    }

    /// <summary>The browser is back on this circuit: subscribe again, deliver what was missed, and have views reload.</summary>
    internal async Task ConnectionUpAsync()
    {
        lock (_gate)
        {
            if (!_started || _disposed || _subscription is not null) return;
        }
        Attach();
        await SetStateAsync(LiveConnectionState.Live);
        await ResyncAsync();
    }

    private long Attach()
    {
        lock (_gate)
        {
            if (_disposed) return -1;
            _subscription ??= feed.Subscribe(this);
            var from = _subscription.From;
            // Before the first message the circuit has seen nothing: start where the subscription starts.
            if (from >= 0) Interlocked.CompareExchange(ref _lastPosition, from, -1);
            return from;
        }
    }

    private void Detach()
    {
        _subscription?.Dispose();
        _subscription = null;
    }

    async Task ILiveSubscriber.OnEventsAsync(IReadOnlyList<RecordedEvent> events)
    {
        if (events.Count == 0) return;
        await _deliver.WaitAsync();
        try
        {
            var last = Interlocked.Read(ref _lastPosition);
            if (last >= 0 && events[0].Position > last + 1) await CatchUpLockedAsync(upTo: events[0].Position - 1);
            await DeliverLockedAsync(events);
        }
        finally
        {
            _deliver.Release();
        }
    }

    Task ILiveSubscriber.OnChangesAsync(IReadOnlyList<ReadModelChange> changes) => RaiseAsync(ReadModelsChanged, changes);

    Task ILiveSubscriber.OnOverflowedAsync() => ResyncAsync();

    /// <summary>Everything after the last position delivered, from the store; then read-model messages missed are replaced by a reload.</summary>
    private async Task ResyncAsync()
    {
        await _deliver.WaitAsync();
        try
        {
            await CatchUpLockedAsync(upTo: null);
        }
        catch (Exception ex) when (!_ended.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Catching up on live events from the store failed");
        }
        catch (OperationCanceledException)
        {
            return; // The circuit ended meanwhile.
        }
        finally
        {
            _deliver.Release();
        }
        await RaiseAsync(ReadModelsChanged, [new ReadModelChange(ReadModelWatch.Everything, [], true, LastPosition)]);
    }

    /// <summary>
    /// Delivers the stored events after the last position, up to <paramref name="upTo"/> (null: the head), in order. Past
    /// <see cref="LiveHub.MaxResync"/> events it stops there and has views reload instead of replaying the rest.
    /// </summary>
    private async Task CatchUpLockedAsync(long? upTo)
    {
        var read = 0;
        while (upTo is null || Interlocked.Read(ref _lastPosition) < upTo)
        {
            if (read >= LiveHub.MaxResync)
            {
                Interlocked.Exchange(ref _lastPosition, upTo ?? await reader.HeadPositionAsync(_ended.Token));
                await RaiseAsync(ReadModelsChanged, [new ReadModelChange(ReadModelWatch.Everything, [], true, LastPosition)]);
                return;
            }
            var events = await reader.ReadRecordedAfterAsync(LastPosition, ResyncBatch, ct: _ended.Token);
            if (events.Count == 0) return;
            read += events.Count;
            await DeliverLockedAsync(events);
            if (events.Count < ResyncBatch) return;
        }
    }

    private async Task DeliverLockedAsync(IReadOnlyList<RecordedEvent> events)
    {
        var last = Interlocked.Read(ref _lastPosition);
        var fresh = events.Where(e => e.Position > last).ToList();
        if (fresh.Count == 0) return;
        Interlocked.Exchange(ref _lastPosition, fresh[^1].Position);
        await RaiseAsync(EventsAppended, fresh);
    }

    private async Task SetStateAsync(LiveConnectionState state)
    {
        State = state;
        await RaiseAsync(StateChanged, state);
    }

    private async Task RaiseAsync<T>(Func<T, Task>? handlers, T value)
    {
        if (handlers is null || _disposed) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<T, Task>>())
        {
            try
            {
                await handler(value);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A live subscriber failed");
            }
        }
    }

    /// <summary>The circuit ended: the subscription and its delivery loop end with it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            Detach();
            _ended.Cancel();
        }
        EventsAppended = null;
        ReadModelsChanged = null;
        StateChanged = null;
    }
}
