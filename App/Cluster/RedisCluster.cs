using System.Text.Json;
using BlazorEs.App.Live;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using StackExchange.Redis;

namespace BlazorEs.App.Cluster;

/// <summary>
/// The instances' channel through Redis (ConnectionStrings:Redis), beside SignalR's backplane: every instance says
/// "I committed up to P" (the projector and the others' live push read the new events at once instead of at their
/// next poll), and the projector says which rows its commits changed (the others' query caches and consoles learn it
/// with the keys, and their read-your-writes is released). Redis delivers one publisher's messages on a channel in
/// order; every message carries positions, and a lost one is made good by the stored-checkpoint poll.
/// </summary>
public sealed class RedisCluster(
    IConnectionMultiplexer redis,
    ProjectorLease lease,
    ClusterWake wake,
    ProjectionCatalog catalog,
    StoreHead head,
    ReadModelChangeFeed changes,
    ILogger<RedisCluster> logger) : LiveHubRelay(lease), IHostedService
{
    private static readonly RedisChannel Commits = RedisChannel.Literal("BlazorEs:commits");
    private static readonly RedisChannel Changes = RedisChannel.Literal("BlazorEs:changes");
    private static readonly RedisKey HubSent = "BlazorEs:hub-sent";
    private string Me => Lease.InstanceId;
    private volatile bool _running;

    public override bool Backplane => true;

    public override async Task<long?> HubPositionAsync()
    {
        var value = await redis.GetDatabase().StringGetAsync(HubSent);
        return value.HasValue && long.TryParse(value.ToString(), out var position) ? position : null;
    }

    // Awaited before the hub send: a send that happened always finds its position stored (no repeat after a fail-over).
    public override Task SendingAsync(long position) => redis.GetDatabase().StringSetAsync(HubSent, position);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        (await subscriber.SubscribeAsync(Commits)).OnMessage(message => OnCommit(message.Message));
        (await subscriber.SubscribeAsync(Changes)).OnMessage(message => OnChange(message.Message));
        _running = true;
        head.OnCommitted(PublishCommit);
        changes.Changed += PublishChange;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        changes.Changed -= PublishChange;
        try
        {
            // Bounded: a Redis that went away first (stopped with the machine) must not hold or fail the stop.
            await redis.GetSubscriber().UnsubscribeAllAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogInformation("Redis did not answer the unsubscribe at shutdown ({Error}); nothing to undo", ex.Message);
        }
    }

    /// <summary>On the writer's loop: fire and forget, it never waits for Redis.</summary>
    private void PublishCommit(IReadOnlyList<StoredEvent> events)
    {
        if (!_running) return;
        try
        {
            redis.GetSubscriber().Publish(Commits, $"{Me}|{events[^1].Position}", CommandFlags.FireAndForget);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Announcing a commit through Redis failed; the others find it at their next poll");
        }
    }

    /// <summary>The projector's read-model changes, for the instances that follow it.</summary>
    private void PublishChange(ReadModelsChanged change)
    {
        if (!_running || !Lease.IsHolder) return;
        try
        {
            var message = JsonSerializer.Serialize(new ChangeMessage(Me, change.Projection, change.ChangedKeys, change.AllChanged, change.Position));
            redis.GetSubscriber().Publish(Changes, message, CommandFlags.FireAndForget);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Announcing a read-model change through Redis failed; the others find it at their next poll");
        }
    }

    private void OnCommit(RedisValue message)
    {
        var text = message.ToString();
        if (!text.StartsWith(Me + "|", StringComparison.Ordinal)) wake.Wake();
    }

    private void OnChange(RedisValue message)
    {
        try
        {
            var change = JsonSerializer.Deserialize<ChangeMessage>(message.ToString());
            if (change is null || change.From == Me) return;
            catalog.FollowChange(new ReadModelsChanged(change.Projection, change.Keys, change.All, change.Position));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A read-model change from Redis could not be taken; the stored-checkpoint poll makes it good");
        }
    }

    private sealed record ChangeMessage(string From, string Projection, IReadOnlyList<string> Keys, bool All, long Position);
}
