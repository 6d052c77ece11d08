using BlazorEs.App.Live;

namespace BlazorEs.App.Tests.Support;

/// <summary>The live channel as a test drives it: messages are pushed in by hand instead of arriving over SignalR.</summary>
public sealed class TestLiveFeed : ILiveFeed
{
    public LiveConnectionState State { get; private set; } = LiveConnectionState.Live;

    public long LastPosition { get; private set; }

    public event Func<IReadOnlyList<EventSummary>, Task>? EventsAppended;

    public event Func<IReadOnlyList<ReadModelChange>, Task>? ReadModelsChanged;

    public event Func<LiveConnectionState, Task>? StateChanged;

    public Task StartAsync() => Task.CompletedTask;

    public async Task PushAsync(params EventSummary[] events)
    {
        LastPosition = Math.Max(LastPosition, events.Max(e => e.Position));
        if (EventsAppended is { } handlers) await handlers(events);
    }

    public async Task ChangeAsync(params ReadModelChange[] changes)
    {
        if (ReadModelsChanged is { } handlers) await handlers(changes);
    }

    public async Task SetStateAsync(LiveConnectionState state)
    {
        State = state;
        if (StateChanged is { } handlers) await handlers(state);
    }
}
