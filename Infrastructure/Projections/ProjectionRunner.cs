using System.Diagnostics;
using System.Runtime.ExceptionServices;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// Runs one projection: its in-memory mirror of the live table, its checkpoint, retry/park, operator actions,
/// rebuild and verify. Catching up is the <see cref="CatchUpRound"/>: the catalog runs it for every projection at once
/// (one read, one transaction), and this runner runs it for its projection alone under its lock — at start-up when
/// the catalog's round could not take it, and with retries and backoff after a failure; after the configured
/// attempts the projection parks at the failing event while the others keep going. A failed commit drops the
/// mirror (it is reloaded from the table, the truth), so a crash anywhere neither loses nor double-applies an event.
/// </summary>
public sealed partial class ProjectionRunner<TRow> : IProjectionRunner, ICatchUpParticipant where TRow : class, IReadModelRow
{
    private readonly Projection<TRow> _projection;
    private readonly StoreContextFactory _factory;
    private readonly EventReader _reader;
    private readonly CatchUpRound _round;
    private readonly ProjectionLocks _locks;
    private readonly ProjectionOptions _options;
    private readonly IServiceScopeFactory? _scopes;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly EventRate _rate = new();

    private InMemoryRowStore<TRow>? _mirror;
    private HashSet<string> _persisted = new(StringComparer.Ordinal);
    private long _checkpoint;
    private long? _parkedAt;
    private string? _lastError;
    private ProjectionState _state = ProjectionState.Starting;
    private TaskCompletionSource _moved = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ProjectionRunner(
        Projection<TRow> projection,
        StoreContextFactory factory,
        EventReader reader,
        ProjectionLocks locks,
        ProjectionOptions options,
        ILogger logger,
        CatchUpRound round,
        IServiceScopeFactory? scopes = null)
    {
        _projection = projection;
        _factory = factory;
        _reader = reader;
        _round = round;
        _locks = locks;
        _options = options;
        _scopes = scopes;
        _logger = logger;
        // One attempt means no retry strategy at all: Polly refuses a retry strategy with zero retries.
        _retry = options.MaxAttempts <= 1 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.RetryDelay,
                UseJitter = false,
                OnRetry = args =>
                {
                    _logger.LogWarning(args.Outcome.Exception, "{Projection} attempt {Attempt} failed; retrying in {Delay}",
                        Name, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public string Name => _projection.Name;

    public IProjection Projection => _projection;

    public long Checkpoint => Interlocked.Read(ref _checkpoint);

    public async Task CatchUpAsync(CancellationToken ct)
    {
        using var lease = await _locks.AcquireAsync(Name, ct);
        await CatchUpLockedAsync(ct);
    }

    public async Task<bool> TryCatchUpAsync(long position, TimeSpan lockWait, CancellationToken ct)
    {
        if (Checkpoint >= position) return true;
        using var lease = await _locks.TryAcquireAsync(Name, lockWait, ct);
        if (lease is null) return false;
        if (Checkpoint >= position) return true; // whoever held the lock applied ours too
        await CatchUpLockedAsync(ct);
        return Checkpoint >= position;
    }

    public async Task WaitForAsync(long position, CancellationToken ct)
    {
        while (true)
        {
            var moved = Volatile.Read(ref _moved).Task;
            if (Checkpoint >= position) return;
            if (_parkedAt is { } parked && parked <= position) throw new ProjectionParkedException(Name, parked);
            await moved.WaitAsync(ct);
        }
    }

    private async Task CatchUpLockedAsync(CancellationToken ct)
    {
        if (_parkedAt is not null && _mirror is not null) return;
        try
        {
            await _retry.ExecuteAsync(async token =>
            {
                await EnsureLoadedAsync(token);
                if (_parkedAt is not null) return;
                // The same round the catalog runs for all projections, with this one alone.
                var failures = await _round.RunAsync([this], needed: null, token);
                if (failures.Count > 0) ExceptionDispatchInfo.Throw(failures.Values.First());
            }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ParkAsync(ex, ct);
        }
    }

    private async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (_mirror is not null) return;
        if (_state is ProjectionState.Starting) _state = ProjectionState.CatchingUp;
        await using var db = _factory.CreateContext();
        var checkpoint = await db.Set<ProjectionCheckpoint>().AsNoTracking().SingleOrDefaultAsync(c => c.Name == Name, ct);
        var rows = await db.Set<TRow>(_projection.Table).AsNoTracking().ToListAsync(ct);
        _mirror = new InMemoryRowStore<TRow>(rows);
        _persisted = rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        _parkedAt = checkpoint?.ParkedAt;
        _lastError = checkpoint?.LastError;
        if (_parkedAt is not null) _state = ProjectionState.Parked;
        SetCheckpoint(checkpoint?.Position ?? 0);
    }

    bool ICatchUpParticipant.IsParked => _parkedAt is not null;

    Task<IDisposable?> ICatchUpParticipant.TryLockAsync(CancellationToken ct) => _locks.TryAcquireAsync(Name, TimeSpan.Zero, ct);

    Task ICatchUpParticipant.EnsureLoadedAsync(CancellationToken ct) => EnsureLoadedAsync(ct);

    AppliedBatch ICatchUpParticipant.Apply(IReadOnlyList<StoredEvent> batch)
    {
        var tracking = new TrackingRowStore<TRow>(_mirror!);
        var from = Checkpoint;
        var applied = from;
        var events = 0;
        foreach (var e in batch)
        {
            if (e.Position <= from) continue;
            tracking.BeginEvent();
            try
            {
                _projection.Apply(e, tracking);
                applied = e.Position;
                events++;
            }
            catch (Exception ex)
            {
                tracking.UndoEvent();
                return new AppliedBatch(tracking.Dirty, from, applied, events, new ProjectionApplyException(Name, e.Position, e.Type, ex));
            }
        }
        return new AppliedBatch(tracking.Dirty, from, applied, events, null);
    }

    async Task ICatchUpParticipant.StageAsync(ReadSideTransaction transaction, AppliedBatch batch, CancellationToken ct)
    {
        foreach (var key in batch.Dirty)
        {
            var row = _mirror!.Find(key);
            if (row is not null) await transaction.UpsertAsync(_projection.Table, row, ct);
            else if (_persisted.Contains(key)) await transaction.DeleteAsync(_projection.Table, key, ct);
        }
        await transaction.SaveCheckpointAsync(Name, batch.Position, parkedAt: null, error: null, ct);
    }

    void ICatchUpParticipant.CommitFailed() => _mirror = null;

    async Task ICatchUpParticipant.CommittedAsync(AppliedBatch batch)
    {
        foreach (var key in batch.Dirty)
        {
            if (_mirror!.Find(key) is null) _persisted.Remove(key);
            else _persisted.Add(key);
        }
        _rate.Add(batch.Events);
        // Publish first: the notification invalidates cached queries, and a caller released by the new checkpoint
        // (read-your-writes) must not be served a page cached before these rows.
        await PublishAsync(batch.Dirty, allChanged: false, batch.Position);
    }

    void ICatchUpParticipant.MoveCheckpoint(AppliedBatch batch) => SetCheckpoint(batch.Position);

    void ICatchUpParticipant.CaughtUp()
    {
        if (_parkedAt is null) _state = ProjectionState.Live;
    }

    private async Task SaveCheckpointAsync(long position, long? parkedAt, string? error, CancellationToken ct)
    {
        await using var transaction = await ReadSideTransaction.BeginAsync(_factory, ct);
        await transaction.SaveCheckpointAsync(Name, position, parkedAt, error, ct);
        await transaction.CommitAsync(ct);
    }

    private async Task ParkAsync(Exception ex, CancellationToken ct)
    {
        _parkedAt = ex is ProjectionApplyException apply ? apply.Position : Checkpoint + 1;
        _lastError = ex.ToString();
        _state = ProjectionState.Parked;
        try
        {
            ProjectionCheckpoint? stored;
            await using (var db = _factory.CreateContext())
                stored = await db.Set<ProjectionCheckpoint>().AsNoTracking().SingleOrDefaultAsync(c => c.Name == Name, ct);
            if (stored is not null && stored.Position > Checkpoint)
            {
                // The last commit landed although it reported a failure (the mirror was dropped with it). Writing the
                // park at the remembered position would rewind the checkpoint under rows that already hold those
                // events, and they would be applied twice; park after what the table really holds instead.
                _parkedAt = stored.Position + 1;
                await PublishAsync([], allChanged: true, stored.Position);
                SetCheckpoint(stored.Position);
            }
            await SaveCheckpointAsync(Checkpoint, _parkedAt, _lastError, ct);
        }
        catch (Exception saveError) when (saveError is not OperationCanceledException)
        {
            _logger.LogError(saveError, "{Projection} could not record its park; it stays parked in memory", Name);
        }
        _logger.LogError(ex, "{Projection} parked at position {Position}", Name, _parkedAt);
        Signal();
    }

    public async Task<long> RetryAsync(CancellationToken ct)
    {
        using var lease = await _locks.AcquireAsync(Name, ct);
        await EnsureLoadedAsync(ct);
        var parked = _parkedAt ?? throw new InvalidOperationException($"{Name} is not parked.");
        await ClearParkAsync(Checkpoint, ct);
        await CatchUpLockedAsync(ct);
        return parked;
    }

    public async Task<long> SkipAsync(CancellationToken ct)
    {
        using var lease = await _locks.AcquireAsync(Name, ct);
        await EnsureLoadedAsync(ct);
        var parked = _parkedAt ?? throw new InvalidOperationException($"{Name} is not parked.");
        await ClearParkAsync(parked, ct);
        await CatchUpLockedAsync(ct);
        return parked;
    }

    private async Task ClearParkAsync(long checkpoint, CancellationToken ct)
    {
        await SaveCheckpointAsync(checkpoint, parkedAt: null, error: null, ct);
        _parkedAt = null;
        _lastError = null;
        _state = ProjectionState.CatchingUp;
        SetCheckpoint(checkpoint);
    }

    public async Task<ProjectionStatus> StatusAsync(CancellationToken ct)
    {
        var head = await _reader.HeadPositionAsync(ct);
        var checkpoint = Checkpoint;
        var lagSeconds = 0.0;
        if (checkpoint < head)
        {
            var next = await _reader.ReadAllAsync(checkpoint, 1, ct: ct);
            if (next.Count > 0) lagSeconds = Math.Max(0, (DateTime.UtcNow - next[0].RecordedAt).TotalSeconds);
        }
        var rebuilding = Rebuild is { Phase: not (RebuildPhase.Done or RebuildPhase.Failed) };
        return new ProjectionStatus(
            Name,
            rebuilding && _state != ProjectionState.Parked ? ProjectionState.Rebuilding : _state,
            checkpoint,
            head,
            Math.Max(0, head - checkpoint),
            Math.Round(lagSeconds, 1),
            Math.Round(_rate.PerSecond(), 1),
            _parkedAt,
            _lastError,
            Rebuild);
    }

    private void SetCheckpoint(long position)
    {
        Interlocked.Exchange(ref _checkpoint, position);
        Signal();
    }

    private void Signal() =>
        Interlocked.Exchange(ref _moved, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private async Task PublishAsync(IReadOnlyCollection<string> keys, bool allChanged, long position)
    {
        if (_scopes is null) return;
        var tooMany = allChanged || keys.Count > ReadModelsChanged.MaxKeys;
        var notification = new ReadModelsChanged(Name, tooMany ? [] : keys.ToArray(), tooMany, position);
        try
        {
            using var scope = _scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IPublisher>().Publish(notification);
        }
        catch (Exception ex)
        {
            // Rows and checkpoint are committed; a lost notification only delays a screen until its next refresh.
            _logger.LogWarning(ex, "{Projection}: publishing ReadModelsChanged failed", Name);
        }
    }

    /// <summary>Events applied per second over the last ten seconds.</summary>
    private sealed class EventRate
    {
        private readonly Queue<(long Ticks, int Count)> _samples = new();
        private readonly Lock _gate = new();

        public void Add(int count)
        {
            lock (_gate)
            {
                _samples.Enqueue((Stopwatch.GetTimestamp(), count));
                Trim();
            }
        }

        public double PerSecond()
        {
            lock (_gate)
            {
                Trim();
                return _samples.Sum(s => s.Count) / 10.0;
            }
        }

        private void Trim()
        {
            var oldest = Stopwatch.GetTimestamp() - 10 * Stopwatch.Frequency;
            while (_samples.Count > 0 && _samples.Peek().Ticks < oldest) _samples.Dequeue();
        }
    }
}
