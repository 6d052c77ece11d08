using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using BlazorEs.Infrastructure.Telemetry;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using Microsoft.AspNetCore.SignalR;

namespace BlazorEs.App.Live;

/// <summary>
/// Pushes what happened to every console circuit (through <see cref="LiveFeed"/>, in process) and to every client of
/// <see cref="LiveHub"/> (outside the process), the same messages to both, coalesced: at most one EventsAppended and one
/// ReadModelsChanged message per interval (100 ms), each carrying everything since the previous one. The interval is a
/// leading-edge window (<see cref="SendWindow"/>): a change after a quiet interval is pushed at once, changes that follow
/// within the interval go together at its end, so an isolated command shows without waiting for a tick and a burst of
/// 1,000 events is still a few messages. This instance's commits are taken as the writer hands them over
/// (<see cref="StoreHead.OnCommitted"/>, only queued on the writer's loop); the store is read only to fill a gap in
/// positions (another instance's commit) and, at least once a second, for commits of other instances. Nothing is
/// skipped and nothing is sent twice; a slow client cannot hold the loop up (the feed never waits for a circuit, hub
/// sends are given a deadline, and SignalR bounds each connection's buffer). With several instances, another
/// instance's commit wakes this loop through <see cref="ClusterWake"/> (Redis), else its poll finds it; which instance
/// sends to hub clients is the <see cref="LiveHubRelay"/>'s call (with the Redis backplane, the projector alone).
/// </summary>
public sealed class LiveBroadcaster(
    IHubContext<LiveHub> hub,
    LiveFeed feed,
    EventReader reader,
    StoreHead head,
    ReadModelChangeFeed changes,
    LiveHubRelay relay,
    ClusterWake wake,
    ILogger<LiveBroadcaster> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SendDeadline = TimeSpan.FromMilliseconds(500);
    private const int MaxEventsPerMessage = 1000;

    private readonly ConcurrentDictionary<string, PendingChange> _pending = new();
    // Unbounded: the writer's loop must never wait here, and each round takes everything queued.
    private readonly System.Collections.Concurrent.ConcurrentQueue<ActivityContext> _commitSpans = new();
    private readonly Channel<IReadOnlyList<StoredEvent>> _committed =
        Channel.CreateUnbounded<IReadOnlyList<StoredEvent>>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _taking;
    private long _sent; // The last position pushed; only the events loop touches it.
    private bool _sendingToHub; // Whether the last events went to hub clients too (the relay may hand that role over).
    // Completed by the projection's flow once a read-side commit's changes were all raised (ReadModelChangeFeed.Settled).
    // Its continuation (the changes loop) runs inline on that thread: after a quiet window the message is handed to the
    // circuits and written to every hub connection there and then, instead of after a hop through the thread pool, which
    // on a loaded machine was the larger part of commit → screen (the hop queued behind the committing circuit's own
    // render). Anything that has to wait (the window's rest, a connection's back-pressure) yields and hands the thread back.
    private TaskCompletionSource _changed = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        changes.Changed += OnChanged;
        changes.Settled += OnSettled;
        _taking = true;
        head.OnCommitted(TakeCommitted);
        try
        {
            // Each kind has its own window: read-model changes come a little after their events (the projections commit
            // after the append), and must not wait out the window the events just opened.
            await Task.WhenAll(PushEventsAsync(stoppingToken), PushChangesAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            changes.Changed -= OnChanged;
            changes.Settled -= OnSettled;
            _taking = false;
            _committed.Writer.TryComplete();
        }
    }

    /// <summary>On the writer's loop: only queue the commit (it must never wait for the push).</summary>
    private void TakeCommitted(IReadOnlyList<StoredEvent> events)
    {
        if (!_taking) return;
        // The writer's group commit span is current here: the push that carries these events joins its trace.
        if (Activity.Current is { } commit) _commitSpans.Enqueue(commit.Context);
        _committed.Writer.TryWrite(events);
    }

    /// <summary>A "live push" span for the commits queued since the last round (none when there were none).</summary>
    private Activity? StartPushSpan()
    {
        var commits = new List<ActivityContext>();
        while (_commitSpans.TryDequeue(out var context)) commits.Add(context);
        return commits.Count == 0 ? null : Tracing.StartServing("live push", commits);
    }

    /// <summary>Woken by a commit of this instance (handed over by the writer), or at least once a second (commits of other instances).</summary>
    private async Task PushEventsAsync(CancellationToken ct)
    {
        var window = new SendWindow(Interval);
        _sent = await reader.HeadPositionAsync(ct);
        var polled = Stopwatch.GetTimestamp();
        var committed = _committed.Reader.WaitToReadAsync(ct).AsTask();
        while (!ct.IsCancellationRequested)
        {
            var woken = wake.Next;
            await Task.WhenAny(committed, Task.Delay(Poll, ct), woken);
            await window.WaitAsync(ct);
            try
            {
                var before = _sent;
                using (var span = StartPushSpan())
                {
                    await SendCommittedAsync(ct);
                    span?.SetTag("blazores.live.sent_to", _sent);
                }
                if (woken.IsCompleted || Stopwatch.GetElapsedTime(polled) >= Poll)
                {
                    // Another instance's commit after this one's last shows as no gap: look at the store's tail.
                    polled = Stopwatch.GetTimestamp();
                    await SendStoredAsync(upTo: null, ct);
                }
                if (_sent != before) window.Sent();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Live push of events failed; retrying on the next round");
            }
            // Completes at once if a commit came while this round ran; one reader, so only one wait at a time.
            if (committed.IsCompleted) committed = _committed.Reader.WaitToReadAsync(ct).AsTask();
        }
    }

    private async Task PushChangesAsync(CancellationToken ct)
    {
        var window = new SendWindow(Interval);
        await using var stopping = ct.Register(() => Volatile.Read(ref _changed).TrySetCanceled(ct));
        while (!ct.IsCancellationRequested)
        {
            var changed = Volatile.Read(ref _changed).Task; // Taken before looking: a change from here on completes it.
            // Awaited as it is (WaitAsync would put a cancellation promise between the completion and this loop);
            // stopping completes it as cancelled.
            if (_pending.IsEmpty) await changed;
            await window.WaitAsync(ct);
            try
            {
                if (await SendChangesAsync()) window.Sent();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Live push of read-model changes failed; retrying on the next round");
            }
        }
    }

    /// <summary>This instance's commits since the last round, as the writer handed them over; a gap before one is read from the store.</summary>
    private async Task SendCommittedAsync(CancellationToken ct)
    {
        var message = new List<RecordedEvent>();
        while (_committed.Reader.TryRead(out var commit))
        {
            var last = message.Count > 0 ? message[^1].Position : _sent; // Taken, though maybe not sent yet.
            if (commit[^1].Position <= last) continue; // Committed before the push started from the head.
            if (commit[0].Position > last + 1)
            {
                await SendEventsAsync(message);
                message = [];
                await SendStoredAsync(upTo: commit[0].Position - 1, ct);
            }
            foreach (var e in commit)
            {
                if (e.Position <= (message.Count > 0 ? message[^1].Position : _sent)) continue;
                message.Add(RecordedEvent.From(e));
                if (message.Count < MaxEventsPerMessage) continue;
                await SendEventsAsync(message);
                message = [];
            }
        }
        await SendEventsAsync(message);
    }

    /// <summary>Stored events after the last sent (up to <paramref name="upTo"/>, or the head), in messages of at most 1,000.</summary>
    private async Task SendStoredAsync(long? upTo, CancellationToken ct)
    {
        while (upTo is null || _sent < upTo)
        {
            var events = await reader.ReadRecordedAfterAsync(_sent, MaxEventsPerMessage, ct: ct);
            if (events.Count == 0) return;
            await SendEventsAsync(events);
            if (events.Count < MaxEventsPerMessage) return;
        }
    }

    /// <summary>One EventsAppended to the circuits and the hub; from here on it counts as sent, even if a later step fails.</summary>
    private async Task SendEventsAsync(IReadOnlyList<RecordedEvent> events)
    {
        if (events.Count == 0) return;
        _sent = events[^1].Position;
        feed.Publish(events);
        if (!relay.Sends)
        {
            _sendingToHub = false;
            return;
        }
        if (!_sendingToHub && relay.Backplane)
        {
            // This instance just became the one that sends to hub clients: start after what they were last sent.
            _sendingToHub = true;
            var from = await relay.HubPositionAsync() is { } sent && sent <= _sent
                ? Math.Max(sent, events[0].Position - 1 - LiveHub.MaxResync) // further behind: those clients resync themselves
                : events[0].Position - 1; // none, or one left by an older store in the same Redis
            await SendStoredToHubAsync(from, events[0].Position - 1);
            events = events.Where(e => e.Position > from).ToList();
            if (events.Count == 0) return;
        }
        _sendingToHub = true;
        await relay.SendingAsync(events[^1].Position);
        await SendAsync(LiveMessageNames.EventsAppended, events);
    }

    /// <summary>Events (after, upTo] to hub clients only (the in-process feed has them): the gap a fail-over left.</summary>
    private async Task SendStoredToHubAsync(long after, long upTo)
    {
        while (after < upTo)
        {
            var events = await reader.ReadRecordedAfterAsync(after, MaxEventsPerMessage, upTo);
            if (events.Count == 0) return;
            await relay.SendingAsync(after = events[^1].Position);
            await SendAsync(LiveMessageNames.EventsAppended, events);
        }
    }

    private async Task<bool> SendChangesAsync()
    {
        if (_pending.IsEmpty) return false;
        var batch = new List<ReadModelChange>();
        foreach (var name in _pending.Keys)
        {
            if (!_pending.TryRemove(name, out var change)) continue;
            batch.Add(change.ToMessage(name));
        }
        if (batch.Count == 0) return false;
        feed.Publish(batch);
        if (relay.Sends) await SendAsync(LiveMessageNames.ReadModelsChanged, batch);
        return true;
    }

    private async Task SendAsync(string method, object payload)
    {
        var send = hub.Clients.All.SendAsync(method, payload);
        if (await Task.WhenAny(send, Task.Delay(SendDeadline)) != send)
            logger.LogDebug("{Method} is still being delivered to a slow client; moving on", method);
    }

    private void OnChanged(ReadModelsChanged change) =>
        _pending.AddOrUpdate(change.Projection, _ => PendingChange.From(change), (_, existing) => existing.Merge(change));

    /// <summary>
    /// On the committing thread, once its changes are gathered: wakes the changes loop there. The committing flow may run
    /// on a circuit's synchronization context (a command sent from a dialog), where a continuation is never inlined but
    /// queued behind that circuit's work; the context is set aside while the loop's turn runs.
    /// </summary>
    private void OnSettled()
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            Interlocked.Exchange(ref _changed, new TaskCompletionSource()).TrySetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    private sealed record PendingChange(HashSet<string> Keys, bool All, long Position)
    {
        public static PendingChange From(ReadModelsChanged c) => new(c.ChangedKeys.ToHashSet(), c.AllChanged, c.Position);

        public PendingChange Merge(ReadModelsChanged c)
        {
            var all = All || c.AllChanged || Keys.Count + c.ChangedKeys.Count > ReadModelsChanged.MaxKeys;
            var keys = all ? [] : Keys.Union(c.ChangedKeys).ToHashSet();
            return new PendingChange(keys, all, Math.Max(Position, c.Position));
        }

        public ReadModelChange ToMessage(string projection) => new(projection, All ? [] : Keys.ToList(), All, Position);
    }
}
