using System.Runtime.ExceptionServices;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Polly;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// Keeps one read model live: its hot rows (<see cref="HotRows{TRow}"/>, a bounded mirror of the live table), its
/// checkpoint, retry with backoff and park.
/// Catching up is the <see cref="CatchUpRound"/>: the catalog runs it for every projection at once (one read, one
/// transaction), and this keeper runs it for its projection alone under its lock — at start-up when the catalog's
/// round could not take it, and with retries after a failure; after the configured attempts the projection parks at
/// the failing event while the others keep going. A failed commit drops the mirror (it is reloaded from the table,
/// the truth), so a crash anywhere neither loses nor double-applies an event.
/// Operator actions (<see cref="ProjectionOperatorActions{TRow}"/>) and rebuilds (<see cref="ProjectionRebuild{TRow}"/>)
/// change this state through its internal members, under the same lock.
/// </summary>
internal sealed partial class LiveReadModel<TRow> : ILiveProjection, ICatchUpParticipant where TRow : class, IReadModelRow
{
    private readonly StoreContextFactory _factory;
    private readonly CatchUpRound _round;
    private readonly ProjectionLocks _locks;
    private readonly ReadModelChangeFeed? _changes;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;

    private readonly int _hotRows;
    private HotRows<TRow>? _mirror;
    private string? _keyProperty;
    private long _checkpoint;
    private TaskCompletionSource _moved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _loadedEpoch;

    public LiveReadModel(
        Projection<TRow> projection,
        StoreContextFactory factory,
        ProjectionLocks locks,
        ProjectionOptions options,
        ILogger logger,
        CatchUpRound round,
        ReadModelChangeFeed? changes,
        ProjectorLease? lease)
    {
        Projection = projection;
        Lease = lease;
        _factory = factory;
        _round = round;
        _locks = locks;
        _changes = changes;
        _logger = logger;
        _retry = ProjectionRetry.Pipeline(options, logger, Name);
        _hotRows = options.HotRows;
    }

    public Projection<TRow> Projection { get; }

    public string Name => Projection.Name;

    public long Checkpoint => Interlocked.Read(ref _checkpoint);

    public long? ParkedAt { get; private set; }

    public string? LastError { get; private set; }

    public ProjectionState State { get; private set; } = ProjectionState.Starting;

    public int HeldRows => _mirror?.Count ?? 0;

    /// <summary>Events applied per second over the last ten seconds.</summary>
    public EventRate Rate { get; } = new();

    public async Task CatchUpAsync(CancellationToken ct)
    {
        if (!Projects) return;
        using var lease = await LockAsync(ct);
        await CatchUpLockedAsync(ct);
    }

    public async Task<bool> TryCatchUpAsync(long position, TimeSpan lockWait, CancellationToken ct)
    {
        if (Checkpoint >= position || !Projects) return Checkpoint >= position;
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
            if (ParkedAt is { } parked && parked <= position) throw new ProjectionParkedException(Name, parked);
            await moved.WaitAsync(ct);
        }
    }

    /// <summary>The projection's lock: the round, an operator action, a rebuild's swap and verify take it.</summary>
    public Task<IDisposable> LockAsync(CancellationToken ct) => _locks.AcquireAsync(Name, ct);

    /// <summary>Under the lock: catches up with retries, and parks when they run out.</summary>
    public async Task CatchUpLockedAsync(CancellationToken ct)
    {
        if (!Projects || (ParkedAt is not null && MirrorCurrent)) return;
        try
        {
            await _retry.ExecuteAsync(async token =>
            {
                await EnsureLoadedAsync(token);
                if (ParkedAt is not null) return;
                // The same round the catalog runs for all projections, with this one alone.
                var failures = await _round.RunAsync([this], needed: null, token);
                if (failures.Count > 0) ExceptionDispatchInfo.Throw(failures.Values.First());
            }, ct);
        }
        catch (NotTheProjectorException)
        {
            _mirror = null; // another instance projects now: whatever this one applied in memory is not the table's
        }
        catch (Exception ex) when (StoreFaults.IsTransient(ex))
        {
            // The database failed (locked, read-only, full), not the event: no park; the next round retries from the table.
            _mirror = null;
            StoreFaults.DropPooledConnections();
            _logger.LogWarning(ex, "{Projection} could not commit ({Fault}); it catches up on its next round", Name, StoreFaults.Describe(ex));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ParkAsync(ex, ct);
        }
    }

    /// <summary>
    /// Loads the mirror and the checkpoint from the table when there is none (at start, after a failed commit): the
    /// whole table when it fits in the hot rows, else as many rows as fit (the rest are read when an event needs them).
    /// </summary>
    public async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (MirrorCurrent) return;
        if (State is ProjectionState.Starting) State = ProjectionState.CatchingUp;
        _loadedEpoch = Lease?.Epoch ?? 0;
        await using var db = _factory.CreateContext();
        var checkpoint = await db.Set<ProjectionCheckpoint>().AsNoTracking().SingleOrDefaultAsync(c => c.Name == Name, ct);
        var key = KeyProperty(db);
        var rows = await db.Set<TRow>(Projection.Table).AsNoTracking()
            .OrderBy(r => EF.Property<string>(r, key)).Take(_hotRows + 1).ToListAsync(ct);
        _mirror = HotRows<TRow>.Of(rows, _hotRows);
        ParkedAt = checkpoint?.ParkedAt;
        LastError = checkpoint?.LastError;
        if (ParkedAt is not null) State = ProjectionState.Parked;
        SetCheckpoint(checkpoint?.Position ?? 0);
    }

    /// <summary>Under the lock: stores the checkpoint without a park and lets the projection catch up again.</summary>
    public async Task ClearParkAsync(long checkpoint, CancellationToken ct)
    {
        await SaveCheckpointAsync(checkpoint, parkedAt: null, error: null, ct);
        ParkedAt = null;
        LastError = null;
        State = ProjectionState.CatchingUp;
        SetCheckpoint(checkpoint);
    }

    /// <summary>Under the lock, after a rebuild committed <paramref name="rows"/> to the table at <paramref name="position"/>.</summary>
    public void Rebuilt(InMemoryRowStore<TRow> rows, long position)
    {
        _mirror = HotRows<TRow>.Of(rows.All(), _hotRows);
        ParkedAt = null;
        LastError = null;
        State = ProjectionState.Live;
        Publish([], allChanged: true, position); // before the checkpoint moves, as after a batch
        SetCheckpoint(position);
    }

    bool ICatchUpParticipant.IsParked => ParkedAt is not null;

    Task<IDisposable?> ICatchUpParticipant.TryLockAsync(CancellationToken ct) => _locks.TryAcquireAsync(Name, TimeSpan.Zero, ct);

    async Task<AppliedBatch> ICatchUpParticipant.ApplyAsync(IReadOnlyList<StoredEvent> batch, CancellationToken ct)
    {
        var tracking = new TrackingRowStore<TRow>(_mirror!);
        var from = Checkpoint;
        var applied = from;
        var events = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var e = batch[i];
            if (e.Position <= from) continue;
            tracking.BeginEvent();
            try
            {
                Projection.Apply(e, tracking);
                applied = e.Position;
                events++;
            }
            catch (RowNotHeldException missing)
            {
                // A row the table holds but memory let go of (or never loaded): read it, and this event again.
                tracking.UndoEvent();
                await LoadRowAsync(missing.Key, ct);
                i--;
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
            if (!_mirror!.TryFind(key, out var row)) continue; // an undone event's key, back to not known: untouched
            if (row is not null) await transaction.UpsertAsync(Projection.Table, row, ct);
            else await transaction.DeleteAsync(Projection.Table, key, ct); // none when it was never stored
        }
        await transaction.SaveCheckpointAsync(Name, batch.Position, parkedAt: null, error: null, ct);
    }

    void ICatchUpParticipant.CommitFailed() => _mirror = null;

    Task ICatchUpParticipant.CommittedAsync(AppliedBatch batch)
    {
        _mirror!.Trim(); // the batch's rows are in the table now: memory may let the coldest go
        Rate.Add(batch.Events);
        // Publish first: the notification invalidates cached queries, and a caller released by the new checkpoint
        // (read-your-writes) must not be served a page cached before these rows.
        Publish(batch.Dirty, allChanged: false, batch.Position, new CommittedRows(batch.From, batch.Dirty));
        return Task.CompletedTask;
    }

    void ICatchUpParticipant.MoveCheckpoint(AppliedBatch batch) => SetCheckpoint(batch.Position);

    void ICatchUpParticipant.CaughtUp()
    {
        _mirror?.Trim(); // rows read for events that changed nothing are let go too; everything applied is committed
        if (ParkedAt is null) State = ProjectionState.Live;
    }

    /// <summary>Reads the one row under <paramref name="key"/> from the table into the mirror (known absent when there is none).</summary>
    private async Task LoadRowAsync(string key, CancellationToken ct)
    {
        await using var db = _factory.CreateContext();
        var property = KeyProperty(db);
        var row = await db.Set<TRow>(Projection.Table).AsNoTracking().SingleOrDefaultAsync(r => EF.Property<string>(r, property) == key, ct);
        _mirror!.Loaded(key, row);
    }

    private string KeyProperty(EventStoreDbContext db) => _keyProperty ??=
        (db.Model.FindEntityType(Projection.Table) ?? throw new InvalidOperationException($"No entity type {Projection.Table} in the model."))
        .FindPrimaryKey()!.Properties.Single().Name;

    private async Task SaveCheckpointAsync(long position, long? parkedAt, string? error, CancellationToken ct)
    {
        await using var transaction = await ReadSideTransaction.BeginAsync(_factory, Lease, ct);
        await transaction.SaveCheckpointAsync(Name, position, parkedAt, error, ct);
        await transaction.CommitAsync(ct);
    }

    private async Task ParkAsync(Exception ex, CancellationToken ct)
    {
        ParkedAt = ex is ProjectionApplyException apply ? apply.Position : Checkpoint + 1;
        LastError = ex.ToString();
        State = ProjectionState.Parked;
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
                ParkedAt = stored.Position + 1;
                Publish([], allChanged: true, stored.Position);
                SetCheckpoint(stored.Position);
            }
            await SaveCheckpointAsync(Checkpoint, ParkedAt, LastError, ct);
        }
        catch (Exception saveError) when (saveError is not OperationCanceledException)
        {
            _logger.LogError(saveError, "{Projection} could not record its park; it stays parked in memory", Name);
        }
        _logger.LogError(ex, "{Projection} parked at position {Position}", Name, ParkedAt);
        Signal();
    }

    private void SetCheckpoint(long position)
    {
        Interlocked.Exchange(ref _checkpoint, position);
        Signal();
    }

    private void Signal() =>
        Interlocked.Exchange(ref _moved, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// Tells the in-process listeners (the query cache, the live broadcaster) which rows changed, synchronously and
    /// before the checkpoint moves. A replay or a verify never gets here: only committed live rows are announced.
    /// </summary>
    private void Publish(IReadOnlyCollection<string> keys, bool allChanged, long position, CommittedRows? committed = null)
    {
        if (_changes is null) return;
        var tooMany = allChanged || keys.Count > ReadModelsChanged.MaxKeys;
        try
        {
            _changes.Raise(new ReadModelsChanged(Name, tooMany ? [] : keys.ToArray(), tooMany, position) { Committed = committed });
        }
        catch (Exception ex)
        {
            // Rows and checkpoint are committed; a listener's failure only delays a screen until its next refresh.
            _logger.LogWarning(ex, "{Projection}: a ReadModelsChanged listener failed", Name);
        }
    }
}
