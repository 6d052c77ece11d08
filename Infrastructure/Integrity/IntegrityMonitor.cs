using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Integrity;

/// <summary>
/// Keeps the chain verified: everything at start-up (in the background), then whatever each commit added, a short
/// while after it (commits in between are verified together); a full verification again on request. Signs a
/// checkpoint of the verified head every <see cref="IntegrityOptions.CheckpointEvery"/> events and at least every
/// <see cref="IntegrityOptions.CheckpointInterval"/> while there were new events. A break makes the state Broken and
/// is logged as an error; nothing else stops: reads and commands go on, and the writer chains on from the stored head.
/// </summary>
public sealed class IntegrityMonitor(
    ChainVerifier verifier,
    StoreContextFactory factory,
    StoreHead head,
    IntegrityKey key,
    IntegrityOptions options,
    TimeProvider time,
    ILogger<IntegrityMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2); // commits of other instances announce nothing here
    private readonly object _lock = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IntegrityStatus _status = IntegrityStatus.Starting;
    private string? _fullRequestedBy = "start-up";
    private long _through;
    private byte[] _hash = EventHash.Genesis.ToArray();
    private long _highestSeen;

    /// <summary>Raised after every change of <see cref="Status"/> (verification progress included), off any render thread.</summary>
    public event Action<IntegrityStatus>? Changed;

    public IntegrityStatus Status => Volatile.Read(ref _status);

    /// <summary>Starts a full verification unless one is running; returns the run (the running one, or the new one).</summary>
    public VerificationRun RequestFullVerification(string startedBy)
    {
        lock (_lock)
        {
            if (_status.Verification is { Running: true } running) return running;
            _fullRequestedBy ??= startedBy;
            var run = new VerificationRun(true, 0, _status.Head, time.GetUtcNow().UtcDateTime, null, startedBy);
            Publish(_status with { Verification = run });
            _wake.TrySetResult();
            return run;
        }
    }

    /// <summary>Verifies what came in since the last round and signs a checkpoint when one is due (the loop's step; tests call it directly).</summary>
    public async Task VerifyNowAsync(CancellationToken ct)
    {
        string? full;
        lock (_lock) (full, _fullRequestedBy) = (_fullRequestedBy, null);
        if (full is not null) await FullAsync(full, ct);
        else await IncrementalAsync(ct);
        await CheckpointIfDueAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await VerifyNowAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Integrity verification failed to run; it tries again on the next commit.");
            }
            try
            {
                Task wake;
                lock (_lock) wake = _wake.Task;
                await Task.WhenAny(head.Moved, wake, Task.Delay(Poll, stoppingToken));
                lock (_lock) if (_wake.Task.IsCompleted) _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await Task.Delay(options.VerifyDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FullAsync(string startedBy, CancellationToken ct)
    {
        var started = time.GetUtcNow().UtcDateTime;
        var storeHead = await HeadAsync(ct);
        lock (_lock) Publish(_status with { State = _status.State == IntegrityState.Broken ? IntegrityState.Broken : IntegrityState.Verifying,
            Head = storeHead, Verification = new VerificationRun(true, 0, storeHead, started, null, startedBy) });
        var outcome = await verifier.VerifyAsync(0, EventHash.Genesis.ToArray(), full: true, through =>
        {
            lock (_lock) Publish(_status with { Verification = _status.Verification! with { Through = through } });
        }, ct);
        var breaks = outcome.Breaks.ToList();
        if (outcome.Through < _highestSeen)
            breaks.Add(new ChainBreak(outcome.Through + 1, BreakKind.TailCut,
                $"The log ends at position {outcome.Through}, but this instance verified up to {_highestSeen}: events after {outcome.Through} were cut off."));
        Adopt(outcome, breaks, new VerificationRun(false, outcome.Through, Math.Max(storeHead, outcome.Through), started, time.GetUtcNow().UtcDateTime, startedBy));
        logger.LogInformation("Integrity: verified {Count} events through position {Through} in {Seconds:0.0} s; {Breaks} breaks.",
            outcome.Checked, outcome.Through, (time.GetUtcNow().UtcDateTime - started).TotalSeconds, breaks.Count);
    }

    private async Task IncrementalAsync(CancellationToken ct)
    {
        var outcome = await verifier.VerifyAsync(_through, _hash, full: false, ct: ct);
        // Breaks found earlier stay (their rows are behind us now); the schema is looked at afresh each round.
        var breaks = _status.Breaks.Where(b => b.Kind != BreakKind.TriggerMissing).Concat(outcome.Breaks).DistinctBy(b => (b.Position, b.Kind)).ToList();
        Adopt(outcome, breaks, _status.Verification);
    }

    private void Adopt(VerificationOutcome outcome, List<ChainBreak> breaks, VerificationRun? run)
    {
        breaks.Sort((a, b) => a.Position.CompareTo(b.Position));
        IntegrityStatus before;
        lock (_lock)
        {
            before = _status;
            _through = outcome.Through;
            _hash = outcome.Head;
            _highestSeen = Math.Max(_highestSeen, outcome.Through);
            var checkpoint = outcome.LastCheckpoint is { } c
                ? new CheckpointStatus(c.Position, EventHash.Hex(c.Hash), c.CreatedAt, c.KeyId,
                    c.KeyId == key.Id && key.Verifies(IntegrityKey.CheckpointMessage(c.Position, c.Hash, c.CreatedAt), c.Signature))
                : null;
            Publish(new IntegrityStatus(breaks.Count > 0 ? IntegrityState.Broken : IntegrityState.Intact, outcome.Through,
                Math.Max(outcome.Through, head.Position), checkpoint, breaks.FirstOrDefault(), breaks, run));
        }
        foreach (var b in breaks.Where(b => !before.Breaks.Any(k => k.Position == b.Position && k.Kind == b.Kind)))
            logger.LogError("Integrity broken: {Kind} at position {Position}: {Reason}", b.Kind, b.Position, b.Reason);
    }

    private async Task CheckpointIfDueAsync(CancellationToken ct)
    {
        long through;
        byte[] hash;
        lock (_lock) (through, hash) = (_through, _hash);
        if (through == 0) return;
        await using var db = factory.CreateContext();
        var last = await db.Set<SignedCheckpoint>().AsNoTracking().OrderByDescending(c => c.Position).FirstOrDefaultAsync(ct);
        var utc = time.GetUtcNow().UtcDateTime;
        // Whole microseconds: PostgreSQL's timestamptz keeps no more, and the signature covers the stored time.
        var now = new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
        if (last is not null && (through <= last.Position
            || (through - last.Position < options.CheckpointEvery && now - last.CreatedAt < options.CheckpointInterval))) return;

        var checkpoint = new SignedCheckpoint
        {
            Position = through, Hash = hash, CreatedAt = now, KeyId = key.Id,
            Signature = key.Sign(IntegrityKey.CheckpointMessage(through, hash, now)),
        };
        db.Add(checkpoint);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            await using var again = factory.CreateContext();
            if (await again.Set<SignedCheckpoint>().AnyAsync(c => c.Position == through, ct)) return; // another instance signed the same head first
            throw;
        }
        lock (_lock) Publish(_status with { LastCheckpoint = new CheckpointStatus(through, EventHash.Hex(hash), now, key.Id, true) });
    }

    private async Task<long> HeadAsync(CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        return await db.Events.MaxAsync(e => (long?)e.Position, ct) ?? 0;
    }

    private void Publish(IntegrityStatus status)
    {
        Volatile.Write(ref _status, status);
        var changed = Changed;
        if (changed is null) return;
        // Listeners (screens) only marshal to their own thread; never let one stop verification.
        ThreadPool.QueueUserWorkItem(_ => { try { changed(status); } catch (Exception ex) { logger.LogWarning(ex, "An integrity listener failed."); } });
    }
}
