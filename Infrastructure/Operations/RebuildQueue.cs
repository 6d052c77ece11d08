using System.Threading.Channels;
using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.Projections;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Operations;

/// <summary>A rebuild waiting in the queue or running (<see cref="Target"/> is a projection's name, or "all").</summary>
public sealed record QueuedRebuild(string Target, string RequestedBy, string Reason, DateTime RequestedAt, string CommandName)
{
    public DateTime? StartedAt { get; init; }
}

/// <summary>
/// Rebuilds run one at a time: each holds SQLite's write lock for its swap, so back-to-back requests queue here instead
/// of running side by side. A target is queued at most once (a second request for it is a conflict), so the queue holds
/// at most one entry per projection plus "all". Each rebuild is audited when requested, when it starts, and when it
/// finishes or fails — who, why, how long, how many events — so a refused, failed or interrupted one leaves a trace.
/// </summary>
public sealed class RebuildQueue(ProjectionCatalog projections, OperatorAudit audit, TimeProvider clock, ILogger<RebuildQueue> logger) : IDisposable
{
    private readonly Channel<QueuedRebuild> _queue = Channel.CreateUnbounded<QueuedRebuild>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<QueuedRebuild> _pending = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private Task? _loop;

    /// <summary>Queued and running rebuilds, the running one first.</summary>
    public IReadOnlyList<QueuedRebuild> Pending
    {
        get { lock (_lock) return _pending.ToList(); }
    }

    /// <summary>Queues a rebuild of <paramref name="target"/> (a projection, or "all"); returns how many are ahead of it.</summary>
    public async Task<int> EnqueueAsync(string target, string requestedBy, string reason, string commandName, CancellationToken ct)
    {
        var request = new QueuedRebuild(target, requestedBy, reason, clock.GetUtcNow().UtcDateTime, commandName);
        int ahead;
        lock (_lock)
        {
            if (_pending.FirstOrDefault(p => p.Target == target || p.Target == OperatorAudit.AllProjections) is { } queued)
                throw DomainException.Conflict($"A rebuild of {queued.Target} is already {(queued.StartedAt is null ? "queued" : "running")} " +
                                               $"(requested by {queued.RequestedBy} at {queued.RequestedAt:u}); it covers this one.");
            ahead = _pending.Count;
            _pending.Add(request);
        }
        try
        {
            await audit.RecordAsync(commandName, new ProjectionRebuildRequested(target, reason, ahead), requestedBy, ct);
        }
        catch
        {
            lock (_lock) _pending.Remove(request);
            throw;
        }
        _queue.Writer.TryWrite(request);
        lock (_lock) _loop ??= Task.Run(RunAsync, CancellationToken.None);
        return ahead;
    }

    private async Task RunAsync()
    {
        var ct = _stopping.Token;
        try
        {
            await foreach (var request in _queue.Reader.ReadAllAsync(ct))
            {
                var started = request with { StartedAt = clock.GetUtcNow().UtcDateTime };
                lock (_lock) _pending[_pending.IndexOf(request)] = started;
                try
                {
                    await RebuildAsync(started, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "The rebuild of {Target} could not be run or recorded", request.Target);
                }
                finally
                {
                    lock (_lock) _pending.Remove(started);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RebuildAsync(QueuedRebuild request, CancellationToken ct)
    {
        var runners = request.Target == OperatorAudit.AllProjections ? projections.All.ToList() : [projections[request.Target]];
        var waited = Math.Round((request.StartedAt!.Value - request.RequestedAt).TotalSeconds, 2);
        foreach (var runner in runners)
            await audit.RecordAsync(request.CommandName, new ProjectionRebuildStarted(runner.Name, request.Reason, waited), request.RequestedBy, CancellationToken.None);

        IReadOnlyList<RebuildProgress> results;
        try
        {
            results = request.Target == OperatorAudit.AllProjections
                ? await projections.RebuildAllAsync(ct)
                : [await runners[0].Rebuild.RunAsync(ct)];
        }
        catch (Exception ex)
        {
            var at = clock.GetUtcNow().UtcDateTime;
            results = runners.Select(_ => new RebuildProgress(RebuildPhase.Failed, 0, 0, 0, null, request.StartedAt.Value, at, ex.Message)).ToList();
        }

        foreach (var (runner, result) in runners.Zip(results))
        {
            var seconds = Math.Round(((result.FinishedAt ?? clock.GetUtcNow().UtcDateTime) - result.StartedAt).TotalSeconds, 2);
            object finished = result.Phase == RebuildPhase.Done
                ? new ProjectionRebuilt(runner.Name, runner.Checkpoint, result.Total, seconds, request.Reason)
                : new ProjectionRebuildFailed(runner.Name, request.Reason, result.Error ?? $"stopped while {result.Phase}", result.Processed, seconds);
            await audit.RecordAsync(request.CommandName, finished, request.RequestedBy, CancellationToken.None);
        }
    }

    /// <summary>Waits until nothing is queued or running (tests; a caller that wants to see the outcome).</summary>
    public async Task WaitIdleAsync(CancellationToken ct)
    {
        while (Pending.Count > 0) await Task.Delay(20, ct);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _queue.Writer.TryComplete();
        _stopping.Dispose();
    }
}
