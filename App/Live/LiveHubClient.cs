using BlazorEs.Infrastructure.EventStore;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.SignalR.Client;

namespace BlazorEs.App.Live;

/// <summary>
/// A console's connection to <see cref="LiveHub"/> (one per circuit), through the same HubConnection any external
/// client uses. Drops anything at or below the last position it delivered, fills a gap by asking the hub for the
/// missing events, and after a reconnect resynchronises from its last position and tells views to reload their
/// read models: no missed and no duplicated updates.
/// </summary>
public sealed class LiveHubClient(NavigationManager navigation, ILogger<LiveHubClient> logger) : ILiveFeed, IAsyncDisposable
{
    private readonly SemaphoreSlim _deliver = new(1, 1);
    private HubConnection? _connection;
    private long _lastPosition = -1;

    public LiveConnectionState State { get; private set; } = LiveConnectionState.Connecting;

    public long LastPosition => Math.Max(0, Interlocked.Read(ref _lastPosition));

    public event Func<IReadOnlyList<RecordedEvent>, Task>? EventsAppended;

    public event Func<IReadOnlyList<ReadModelChange>, Task>? ReadModelsChanged;

    public event Func<LiveConnectionState, Task>? StateChanged;

    public async Task StartAsync()
    {
        if (_connection is not null) return;
        _connection = new HubConnectionBuilder()
            .WithUrl(navigation.ToAbsoluteUri(LiveMessageNames.HubPath))
            .WithAutomaticReconnect(new KeepTrying())
            .Build();
        _connection.On<IReadOnlyList<RecordedEvent>>(LiveMessageNames.EventsAppended, OnEventsAsync);
        _connection.On<IReadOnlyList<ReadModelChange>>(LiveMessageNames.ReadModelsChanged, OnChangesAsync);
        _connection.Reconnecting += _ => SetStateAsync(LiveConnectionState.Reconnecting);
        _connection.Reconnected += async _ =>
        {
            await SetStateAsync(LiveConnectionState.Live);
            await ResyncAsync();
        };
        _connection.Closed += _ => SetStateAsync(LiveConnectionState.Offline);

        try
        {
            await _connection.StartAsync();
            Interlocked.CompareExchange(ref _lastPosition, await _connection.InvokeAsync<long>(nameof(LiveHub.Head)), -1);
            await SetStateAsync(LiveConnectionState.Live);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not connect to the live hub; trying again in 5 seconds");
            await SetStateAsync(LiveConnectionState.Offline);
            _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => RestartAsync(), TaskScheduler.Default);
        }
    }

    private async Task RestartAsync()
    {
        if (_connection is not { State: HubConnectionState.Disconnected } connection) return;
        await connection.DisposeAsync();
        _connection = null;
        await StartAsync();
    }

    private async Task OnEventsAsync(IReadOnlyList<RecordedEvent> events)
    {
        if (events.Count == 0) return;
        await _deliver.WaitAsync();
        try
        {
            if (events[0].Position > LastPosition + 1 && _connection is not null && _lastPosition >= 0)
            {
                // A gap: fetch what was missed first, in order.
                var missed = await _connection.InvokeAsync<IReadOnlyList<RecordedEvent>>(nameof(LiveHub.EventsAfter), LastPosition);
                await DeliverLockedAsync(missed);
            }
            await DeliverLockedAsync(events);
        }
        finally
        {
            _deliver.Release();
        }
    }

    private async Task DeliverLockedAsync(IReadOnlyList<RecordedEvent> events)
    {
        var fresh = events.Where(e => e.Position > _lastPosition).ToList();
        if (fresh.Count == 0) return;
        Interlocked.Exchange(ref _lastPosition, fresh[^1].Position);
        await RaiseAsync(EventsAppended, fresh);
    }

    private Task OnChangesAsync(IReadOnlyList<ReadModelChange> changes) => RaiseAsync(ReadModelsChanged, changes);

    private async Task ResyncAsync()
    {
        if (_connection is null) return;
        await _deliver.WaitAsync();
        try
        {
            var missed = await _connection.InvokeAsync<IReadOnlyList<RecordedEvent>>(nameof(LiveHub.EventsAfter), LastPosition);
            await DeliverLockedAsync(missed);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Resynchronising after a reconnect failed");
        }
        finally
        {
            _deliver.Release();
        }
        // Read-model messages sent while we were away are gone: views reload what they show.
        await RaiseAsync(ReadModelsChanged, [new ReadModelChange("*", [], true, LastPosition)]);
    }

    private async Task SetStateAsync(LiveConnectionState state)
    {
        State = state;
        await RaiseAsync(StateChanged, state);
    }

    private async Task RaiseAsync<T>(Func<T, Task>? handlers, T value)
    {
        if (handlers is null) return;
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

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _deliver.Dispose();
    }

    /// <summary>Reconnects forever: quickly at first, then every 10 seconds.</summary>
    private sealed class KeepTrying : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext context) => context.PreviousRetryCount switch
        {
            0 => TimeSpan.Zero,
            < 5 => TimeSpan.FromSeconds(2),
            _ => TimeSpan.FromSeconds(10),
        };
    }
}
