using System.Diagnostics;
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
/// The one catch-up routine of a projection. Under the projection's lock it reads events after its checkpoint in
/// batches, applies them to an in-memory mirror of the live table, and commits the changed rows and the new
/// checkpoint in one transaction. A failed commit drops the mirror (it is reloaded from the table, the truth), so
/// a crash anywhere neither loses nor double-applies an event. Failing batches are retried with backoff; after
/// the configured attempts the projection parks at the failing event while the others keep going.
/// </summary>
public sealed partial class ProjectionRunner<TRow> : IProjectionRunner where TRow : class, IReadModelRow
{
    private readonly Projection<TRow> _projection;
    private readonly StoreContextFactory _factory;
    private readonly EventReader _reader;
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
        IServiceScopeFactory? scopes = null)
    {
        _projection = projection;
        _factory = factory;
        _reader = reader;
        _locks = locks;
        _options = options;
        _scopes = scopes;
        _logger = logger;
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
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
                if (_state is ProjectionState.Starting) _state = ProjectionState.CatchingUp;
                while (await ApplyNextBatchAsync(token)) { }
            }, ct);
            if (_parkedAt is null) _state = ProjectionState.Live;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ParkAsync(ex, ct);
        }
    }

    private async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (_mirror is not null) return;
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

    /// <summary>Applies and commits one batch; false when there was nothing left to apply.</summary>
    private async Task<bool> ApplyNextBatchAsync(CancellationToken ct)
    {
        var batch = await _reader.ReadAllAsync(Checkpoint, _options.BatchSize, ct: ct);
        if (batch.Count == 0) return false;

        var tracking = new TrackingRowStore<TRow>(_mirror!);
        var applied = Checkpoint;
        ProjectionApplyException? failure = null;
        foreach (var e in batch)
        {
            tracking.BeginEvent();
            try
            {
                _projection.Apply(e, tracking);
                applied = e.Position;
            }
            catch (Exception ex)
            {
                tracking.UndoEvent();
                failure = new ProjectionApplyException(Name, e.Position, e.Type, ex);
                break;
            }
        }

        if (applied > Checkpoint)
        {
            await CommitAsync(tracking.Dirty, applied, ct);
            _rate.Add(batch.Count(e => e.Position <= applied));
        }
        if (failure is not null) throw failure;
        return true;
    }

    private async Task CommitAsync(HashSet<string> dirty, long position, CancellationToken ct)
    {
        try
        {
            await using var db = _factory.CreateContext();
            await using var relaxed = await ReadTableDurability.RelaxAsync(db, _factory, ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var set = db.Set<TRow>(_projection.Table);
            var removed = new List<string>();
            foreach (var key in dirty)
            {
                var row = _mirror!.Find(key);
                if (row is null)
                {
                    if (_persisted.Contains(key)) removed.Add(key);
                }
                else if (_persisted.Contains(key)) set.Update(row);
                else set.Add(row);
            }
            if (removed.Count > 0)
                await set.Where(r => removed.Contains(EF.Property<string>(r, KeyColumn(db)))).ExecuteDeleteAsync(ct);
            await SaveCheckpointAsync(db, position, parkedAt: null, error: null, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            // The mirror holds changes the table does not: drop it, the next attempt reloads the truth.
            _mirror = null;
            throw;
        }

        foreach (var key in dirty)
        {
            if (_mirror!.Find(key) is null) _persisted.Remove(key);
            else _persisted.Add(key);
        }
        SetCheckpoint(position);
        await PublishAsync(dirty, allChanged: false, position);
    }

    private string KeyColumn(EventStoreDbContext db) =>
        db.Model.FindEntityType(_projection.Table)!.FindPrimaryKey()!.Properties[0].Name;

    private async Task SaveCheckpointAsync(EventStoreDbContext db, long position, long? parkedAt, string? error, CancellationToken ct)
    {
        var checkpoint = await db.Set<ProjectionCheckpoint>().SingleOrDefaultAsync(c => c.Name == Name, ct);
        if (checkpoint is null)
        {
            checkpoint = new ProjectionCheckpoint { Name = Name };
            db.Add(checkpoint);
        }
        checkpoint.Position = position;
        checkpoint.ParkedAt = parkedAt;
        checkpoint.LastError = error;
        checkpoint.UpdatedAt = DateTime.UtcNow;
    }

    private async Task ParkAsync(Exception ex, CancellationToken ct)
    {
        var at = ex is ProjectionApplyException apply ? apply.Position : Checkpoint + 1;
        _parkedAt = at;
        _lastError = ex.ToString();
        _state = ProjectionState.Parked;
        _logger.LogError(ex, "{Projection} parked at position {Position}", Name, at);
        try
        {
            await using var db = _factory.CreateContext();
            await SaveCheckpointAsync(db, Checkpoint, at, _lastError, ct);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception saveError) when (saveError is not OperationCanceledException)
        {
            _logger.LogError(saveError, "{Projection} could not record its park; it stays parked in memory", Name);
        }
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
        await using var db = _factory.CreateContext();
        await SaveCheckpointAsync(db, checkpoint, parkedAt: null, error: null, ct);
        await db.SaveChangesAsync(ct);
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
