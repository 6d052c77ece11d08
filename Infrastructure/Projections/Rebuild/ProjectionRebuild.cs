using BlazorEs.Infrastructure.Crash;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// Replays one projection from the log with its own Apply into memory: to rebuild its live table, to verify it, or
/// to show it as of a position. Only a rebuild's swap writes the table (and then hands the rows to the live keeper).
/// </summary>
internal sealed class ProjectionRebuild<TRow>(LiveReadModel<TRow> live, StoreContextFactory factory, EventReader reader, ILogger logger)
    : IProjectionRebuild, IRebuildTarget where TRow : class, IReadModelRow
{
    private const int ReplayBatchSize = 5000;
    private RebuildProgress? _progress;
    private int _rebuilding;

    public RebuildProgress? Progress => _progress;

    /// <summary>
    /// Replays the whole log into memory, then — under the projection's lock, after applying whatever arrived
    /// meanwhile — replaces the live rows with the replay's rows, checks the table holds exactly those, and moves the
    /// checkpoint, all in one transaction. Reads keep seeing the old rows until that commit; a failure anywhere
    /// leaves the live table and the checkpoint as they were. <see cref="ProjectionCatalog.RebuildAllAsync"/> does
    /// the same for several projections with one pass over the log.
    /// </summary>
    public async Task<RebuildProgress> RunAsync(CancellationToken ct) => (await RebuildPass.RunAsync([this], reader, ct))[0];

    IRebuildJob IRebuildTarget.Start(DateTime started)
    {
        live.Lease?.EnsureHolder($"Rebuilding {live.Name}");
        if (Interlocked.Exchange(ref _rebuilding, 1) == 1)
            throw new InvalidOperationException($"{live.Name} is already rebuilding.");
        return new RebuildJob(this, live.Projection, started);
    }

    public async Task<IReadOnlyList<RowDifference>> VerifyAsync(CancellationToken ct, Action<long, long>? progress = null)
    {
        var (table, checkpoint) = live.Lease is { IsHolder: false } ? await StoredRowsAsync(ct) : await LiveRowsAsync(ct);
        var replayed = await ReplayIntoAsync(new InMemoryRowStore<TRow>(), 0, checkpoint, ct, p => progress?.Invoke(p, checkpoint));
        return RowDifference.Between(table, replayed.All());
    }

    /// <summary>On the projector: the table and checkpoint under the lock, so no round moves them in between.</summary>
    private async Task<(List<TRow> Table, long Checkpoint)> LiveRowsAsync(CancellationToken ct)
    {
        using (await live.LockAsync(ct))
        {
            await live.EnsureLoadedAsync(ct);
            await using var db = factory.CreateContext();
            return (await db.Set<TRow>(live.Projection.Table).AsNoTracking().ToListAsync(ct), live.Checkpoint);
        }
    }

    /// <summary>
    /// On another instance, while the projector may commit: the stored checkpoint read before and after the table;
    /// the same both times means the table read is that checkpoint's (checkpoints only move forward).
    /// </summary>
    private async Task<(List<TRow> Table, long Checkpoint)> StoredRowsAsync(CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        var checkpoints = db.Set<ProjectionCheckpoint>().AsNoTracking().Where(c => c.Name == live.Name).Select(c => c.Position);
        while (true)
        {
            var before = await checkpoints.SingleOrDefaultAsync(ct);
            var table = await db.Set<TRow>(live.Projection.Table).AsNoTracking().ToListAsync(ct);
            if (await checkpoints.SingleOrDefaultAsync(ct) == before) return (table, before);
        }
    }

    public async Task<IReadOnlyList<object>> ReplayAsync(long position, CancellationToken ct) =>
        (await ReplayIntoAsync(new InMemoryRowStore<TRow>(), 0, position, ct)).All().Cast<object>().ToList();

    /// <summary>Applies events (after, to] to <paramref name="rows"/> with the projection's own Apply.</summary>
    private async Task<InMemoryRowStore<TRow>> ReplayIntoAsync(InMemoryRowStore<TRow> rows, long after, long? to, CancellationToken ct, Action<long>? reached = null)
    {
        await foreach (var batch in reader.ReadBatchesAsync(after, ReplayBatchSize, to, ct))
        {
            foreach (var e in batch) live.Projection.Apply(e, rows);
            reached?.Invoke(batch[^1].Position);
        }
        return rows;
    }

    /// <summary>Under the lock: applies the tail that arrived since <paramref name="head"/>, then replaces the live rows.</summary>
    private async Task SwapInAsync(InMemoryRowStore<TRow> rows, long head, CancellationToken ct)
    {
        using (await live.LockAsync(ct))
        {
            var position = head;
            await foreach (var batch in reader.ReadBatchesAsync(head, ReplayBatchSize, ct: ct))
            {
                foreach (var e in batch) live.Projection.Apply(e, rows);
                position = batch[^1].Position;
            }
            await ReplaceLiveRowsAsync(rows, position, ct);
            live.Rebuilt(rows, position);
        }
    }

    /// <summary>
    /// One transaction: the live table emptied and filled with <paramref name="rows"/> (each row written once, with
    /// one prepared INSERT), checked to hold exactly as many rows as the replay, and the checkpoint moved. The rows
    /// are the replay's, bound by the same TableWriter as every live write, so they are not read back and compared.
    /// </summary>
    private async Task ReplaceLiveRowsAsync(InMemoryRowStore<TRow> rows, long position, CancellationToken ct)
    {
        var table = live.Projection.Table;
        await using var transaction = await ReadSideTransaction.BeginAsync(factory, live.Lease, ct);
        await transaction.ExecuteAsync($"DELETE FROM {transaction.Writer(table).Table}", ct);
        await transaction.InsertAllAsync(table, rows.All(), ct);
        var written = await transaction.Context.Set<TRow>(table).CountAsync(ct);
        if (written != rows.Count)
            throw new InvalidOperationException($"The rebuilt {table} holds {written} rows where the replay has {rows.Count}; the live table was left as it was.");
        if (FaultPoints.Armed) FaultPoints.Reach(FaultPoints.RebuildSwap);
        await transaction.SaveCheckpointAsync(live.Name, position, parkedAt: null, error: null, ct);
        await transaction.CommitAsync(ct);
    }

    private void Report(RebuildPhase phase, long processed, long total, DateTime started)
    {
        var elapsed = (DateTime.UtcNow - started).TotalSeconds;
        var rate = elapsed > 0 ? processed / elapsed : 0;
        TimeSpan? eta = rate > 0 ? TimeSpan.FromSeconds((total - processed) / rate) : null;
        _progress = new RebuildProgress(phase, processed, total, Math.Round(rate), eta, started, null, null);
    }

    private RebuildProgress Done()
    {
        var done = _progress! with { Phase = RebuildPhase.Done, Eta = TimeSpan.Zero, FinishedAt = DateTime.UtcNow };
        _progress = done;
        return done;
    }

    private RebuildProgress Failed(Exception ex, DateTime started)
    {
        logger.LogError(ex, "{Projection} rebuild failed", live.Name);
        _progress = (_progress ?? new RebuildProgress(RebuildPhase.Failed, 0, 0, 0, null, started, null, null))
            with { Phase = RebuildPhase.Failed, FinishedAt = DateTime.UtcNow, Error = ex.Message };
        Interlocked.Exchange(ref _rebuilding, 0);
        return _progress;
    }

    /// <summary>One rebuild of this projection: fed the log by a <see cref="RebuildPass"/>, then finished on its own.</summary>
    private sealed class RebuildJob(ProjectionRebuild<TRow> rebuild, Projection<TRow> projection, DateTime started) : IRebuildJob
    {
        private readonly InMemoryRowStore<TRow> _rows = new();

        public string Name => projection.Name;

        public void Apply(IReadOnlyList<StoredEvent> batch)
        {
            foreach (var e in batch) projection.Apply(e, _rows);
        }

        public void Progress(long position, long head) => rebuild.Report(RebuildPhase.Replaying, position, head, started);

        public async Task<RebuildProgress> FinishAsync(long head, CancellationToken ct)
        {
            try
            {
                rebuild.Report(RebuildPhase.Swapping, head, head, started);
                await rebuild.SwapInAsync(_rows, head, ct);
                return rebuild.Done();
            }
            catch (Exception ex)
            {
                var failed = Fail(ex);
                if (ex is OperationCanceledException) throw;
                return failed;
            }
            finally
            {
                Interlocked.Exchange(ref rebuild._rebuilding, 0);
            }
        }

        public RebuildProgress Fail(Exception ex) => rebuild.Failed(ex, started);
    }
}
