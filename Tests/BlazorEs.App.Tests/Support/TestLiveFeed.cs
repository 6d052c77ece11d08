using BlazorEs.Infrastructure.EventStore;
using BlazorEs.App.Live;

namespace BlazorEs.App.Tests.Support;

/// <summary>A live feed the test pushes messages into, as a circuit's CircuitLiveFeed would deliver them.</summary>
public sealed class TestLiveFeed : ILiveFeed
{
    public LiveConnectionState State { get; private set; } = LiveConnectionState.Live;

    public long LastPosition { get; private set; }

    public event Func<IReadOnlyList<RecordedEvent>, Task>? EventsAppended;

    public event Func<IReadOnlyList<ReadModelChange>, Task>? ReadModelsChanged;

    public event Func<LiveConnectionState, Task>? StateChanged;

    public Task StartAsync() => Task.CompletedTask;

    /// <summary>"These rows of this projection changed."</summary>
    public Task ChangedAsync(string projection, params string[] keys) =>
        PushAsync(new ReadModelChange(projection, keys, false, LastPosition));

    public async Task PushAsync(params ReadModelChange[] changes)
    {
        if (ReadModelsChanged is { } handlers)
            foreach (var handler in handlers.GetInvocationList().Cast<Func<IReadOnlyList<ReadModelChange>, Task>>())
                await handler(changes);
    }

    public Task ChangeAsync(params ReadModelChange[] changes) => PushAsync(changes);

    public Task PushAsync(params RecordedEvent[] events) => AppendedAsync(events);

    public async Task AppendedAsync(params RecordedEvent[] events)
    {
        LastPosition = Math.Max(LastPosition, events.Max(e => e.Position));
        if (EventsAppended is { } handlers)
            foreach (var handler in handlers.GetInvocationList().Cast<Func<IReadOnlyList<RecordedEvent>, Task>>())
                await handler(events);
    }

    public async Task SetStateAsync(LiveConnectionState state)
    {
        State = state;
        if (StateChanged is { } handlers)
            foreach (var handler in handlers.GetInvocationList().Cast<Func<LiveConnectionState, Task>>())
                await handler(state);
    }
}
