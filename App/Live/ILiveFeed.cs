using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.App.Live;

public enum LiveConnectionState
{
    Connecting,
    Live,
    Reconnecting,
    Offline,
}

/// <summary>
/// What a console screen subscribes to: events and read-model changes in position order, each delivered once,
/// and the connection's state. Handlers run off the render thread: marshal with InvokeAsync.
/// </summary>
public interface ILiveFeed
{
    LiveConnectionState State { get; }

    /// <summary>The last event position this console has seen.</summary>
    long LastPosition { get; }

    event Func<IReadOnlyList<RecordedEvent>, Task>? EventsAppended;

    event Func<IReadOnlyList<ReadModelChange>, Task>? ReadModelsChanged;

    event Func<LiveConnectionState, Task>? StateChanged;

    Task StartAsync();
}
