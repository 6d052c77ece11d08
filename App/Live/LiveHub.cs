using BlazorEs.Infrastructure.EventStore;
using Microsoft.AspNetCore.SignalR;

namespace BlazorEs.App.Live;

/// <summary>
/// The live channel for clients outside the server (the JavaScript client, other services): <see cref="LiveBroadcaster"/>
/// pushes EventsAppended and ReadModelsChanged, the same messages the console's circuits take in process from
/// <see cref="LiveFeed"/>; a client that reconnects asks for what it missed with <see cref="EventsAfter"/>.
/// </summary>
public sealed class LiveHub(EventReader reader) : Hub
{
    public const int MaxResync = 5000;

    /// <summary>Events after <paramref name="position"/> in position order (at most 5,000: beyond that, reload the view).</summary>
    public async Task<IReadOnlyList<RecordedEvent>> EventsAfter(long position)
    {
        if (position < 0) throw new HubException("position must be 0 or more.");
        return await reader.ReadRecordedAfterAsync(position, MaxResync, ct: Context.ConnectionAborted);
    }

    /// <summary>The head position now: a new client starts listening from here.</summary>
    public Task<long> Head() => reader.HeadPositionAsync(Context.ConnectionAborted);

    public override Task OnConnectedAsync()
    {
        BlazorEs.Infrastructure.Telemetry.OperationsMetrics.ConnectionOpened("hub");
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        BlazorEs.Infrastructure.Telemetry.OperationsMetrics.ConnectionClosed("hub");
        return base.OnDisconnectedAsync(exception);
    }
}
