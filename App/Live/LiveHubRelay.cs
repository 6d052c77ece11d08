using BlazorEs.Infrastructure.Cluster;

namespace BlazorEs.App.Live;

/// <summary>
/// Which instance sends to <see cref="LiveHub"/>'s clients. Alone, or several instances without Redis: every instance
/// sends to its own clients what it sees. With the Redis backplane a hub send reaches every instance's clients, so
/// exactly one instance sends — the projector (it sees every commit first, in order) — and each message goes out
/// once. Before each send the sender stores in Redis the last position it is about to send, and the next projector
/// after a fail-over starts after it: nothing is ever sent twice. A projector killed between the two leaves hub
/// clients one gap, which they see by position and fill with <see cref="LiveHub.EventsAfter"/> — as after a reconnect.
/// </summary>
public class LiveHubRelay(ProjectorLease lease)
{
    protected ProjectorLease Lease { get; } = lease;

    /// <summary>Whether this instance sends to hub clients now.</summary>
    public virtual bool Sends => !Backplane || Lease.IsHolder;

    /// <summary>Whether hub sends reach every instance's clients (the Redis backplane).</summary>
    public virtual bool Backplane => false;

    /// <summary>The last event position hub clients were sent, by whichever instance sent it (null: not known).</summary>
    public virtual Task<long?> HubPositionAsync() => Task.FromResult<long?>(null);

    /// <summary>Hub clients are about to be sent events up to <paramref name="position"/> (stored before the send).</summary>
    public virtual Task SendingAsync(long position) => Task.CompletedTask;
}
