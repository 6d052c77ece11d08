using BlazorEs.Infrastructure.EventStore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Projections;

public sealed partial class ProjectionRunner<TRow> : IRebuildTarget
{
    private const int ReplayBatchSize = 5000;
    private RebuildProgress? _rebuild;
    private int _rebuilding;

    public RebuildProgress? Rebuild => _rebuild;

    /// <summary>
    /// Replays the whole log into memory, then — under the projection's lock, after applying whatever arrived
    /// meanwhile — replaces the live rows with the replay's rows, checks the table holds exactly those, and moves the
    /// checkpoint, all in one transaction. Reads keep seeing the old rows until that commit; a failure anywhere
    /// leaves the live table and the checkpoint as they were. <see cref="ProjectionCatalog.RebuildAllAsync"/> does
    /// the same for several projections with one pass over the log.
    /// </summary>
    public async Task<RebuildProgress> RebuildAsync(CancellationToken ct) => (await RebuildPass.RunAsync([this], _reader, ct))[0];

    IRebuildJob IRebuildTarget.Start(DateTime started)
    {
        if (Interlocked.Exchange(ref _rebuilding, 1) == 1)
            throw new InvalidOperationException($"{Name} is already rebuilding.");
        return new RebuildJob(this, started);
    }

    /// <summary>One rebuild of this projection: fed the log by a <see cref="RebuildPass"/>, then finished on its own.</summary>
    private sealed class RebuildJob(ProjectionRunner<TRow> runner, DateTime started) : IRebuildJob
    {
        private readonly InMemoryRowStore<TRow> _rows = new();

        public string Name => runner.Name;

        public void Apply(IReadOnlyList<StoredEvent> batch)
        {
            var projection = runner._projection;
            foreach (var e in batch) projection.Apply(e, _rows);
        }

        public void Progress(long position, long head) => runner.Report(RebuildPhase.Replaying, position, head, started);

        public async Task<RebuildProgress> FinishAsync(long head, CancellationToken ct)
        {
            try
            {
                runner.Report(RebuildPhase.Swapping, head, head, started);
                await runner.SwapInAsync(_rows, head, ct);

                var done = runner._rebuild! with { Phase = RebuildPhase.Done, Eta = TimeSpan.Zero, FinishedAt = DateTime.UtcNow };
                runner._rebuild = done;
                return done;
            }
            catch (Exception ex)
            {
                var failed = Fail(ex);
                if (ex is OperationCanceledException) throw;
                return failed;
            }
            finally
            {
                Interlocked.Exchange(ref runner._rebuilding, 0);
            }
        }

        public RebuildProgress Fail(Exception ex)
        {
            runner._logger.LogError(ex, "{Projection} rebuild failed", runner.Name);
            runner._rebuild = (runner._rebuild ?? new RebuildProgress(RebuildPhase.Failed, 0, 0, 0, null, started, null, null))
                with { Phase = RebuildPhase.Failed, FinishedAt = DateTime.UtcNow, Error = ex.Message };
            Interlocked.Exchange(ref runner._rebuilding, 0);
            return runner._rebuild;
        }
    }

    /// <summary>Under the lock: applies the tail that arrived since <paramref name="head"/>, then replaces the live rows.</summary>
    private async Task SwapInAsync(InMemoryRowStore<TRow> rows, long head, CancellationToken ct)
    {
        using (await _locks.AcquireAsync(Name, ct))
        {
            var position = head;
            await foreach (var batch in _reader.ReadBatchesAsync(head, ReplayBatchSize, ct: ct))
            {
                foreach (var e in batch) _projection.Apply(e, rows);
                position = batch[^1].Position;
            }
            await ReplaceLiveRowsAsync(rows, position, ct);
            _mirror = rows;
            _persisted = rows.All().Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
            _parkedAt = null;
            _lastError = null;
            _state = ProjectionState.Live;
            await PublishAsync([], allChanged: true, position); // before the checkpoint moves, as after a batch
            SetCheckpoint(position);
        }
    }

    public async Task<IReadOnlyList<RowDifference>> VerifyAsync(CancellationToken ct)
    {
        IReadOnlyList<TRow> live;
        long checkpoint;
        using (await _locks.AcquireAsync(Name, ct))
        {
            await EnsureLoadedAsync(ct);
            checkpoint = Checkpoint;
            live = await ReadTableAsync(_projection.Table, ct);
        }
        var replayed = await ReplayIntoAsync(new InMemoryRowStore<TRow>(), 0, checkpoint, ct);
        return Differences(live, replayed.All());
    }

    public async Task<IReadOnlyList<object>> ReplayAsync(long position, CancellationToken ct) =>
        (await ReplayIntoAsync(new InMemoryRowStore<TRow>(), 0, position, ct)).All().Cast<object>().ToList();

    /// <summary>Applies events (after, to] to <paramref name="rows"/> with the projection's own Apply.</summary>
    public async Task<InMemoryRowStore<TRow>> ReplayIntoAsync(InMemoryRowStore<TRow> rows, long after, long to, CancellationToken ct)
    {
        await foreach (var batch in _reader.ReadBatchesAsync(after, ReplayBatchSize, to, ct))
            foreach (var e in batch) _projection.Apply(e, rows);
        return rows;
    }

    private async Task<List<TRow>> ReadTableAsync(string table, CancellationToken ct)
    {
        await using var db = _factory.CreateContext();
        return await db.Set<TRow>(table).AsNoTracking().ToListAsync(ct);
    }

    /// <summary>
    /// One transaction: the live table emptied and filled with <paramref name="rows"/> (each row written once, with
    /// one prepared INSERT), checked to hold exactly as many rows as the replay, and the checkpoint moved. The rows
    /// are the replay's, bound by the same TableWriter as every live write, so they are not read back and compared.
    /// </summary>
    private async Task ReplaceLiveRowsAsync(InMemoryRowStore<TRow> rows, long position, CancellationToken ct)
    {
        var table = _projection.Table;
        await using var transaction = await ReadSideTransaction.BeginAsync(_factory, ct);
        await transaction.ExecuteAsync($"DELETE FROM {transaction.Writer(table).Table}", ct);
        await transaction.InsertAllAsync(table, rows.All(), ct);
        var written = await transaction.Context.Set<TRow>(table).CountAsync(ct);
        if (written != rows.Count)
            throw new InvalidOperationException($"The rebuilt {table} holds {written} rows where the replay has {rows.Count}; the live table was left as it was.");
        await transaction.SaveCheckpointAsync(Name, position, parkedAt: null, error: null, ct);
        await transaction.CommitAsync(ct);
    }

    private static List<RowDifference> Differences(IEnumerable<TRow> live, IEnumerable<TRow> replayed)
    {
        var expected = replayed.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var differences = new List<RowDifference>();
        foreach (var row in live)
        {
            if (!expected.Remove(row.Key, out var want)) differences.Add(new RowDifference(row.Key, "unexpected", row, null));
            else if (!row.Equals(want)) differences.Add(new RowDifference(row.Key, "changed", row, want));
        }
        differences.AddRange(expected.Values.Select(r => new RowDifference(r.Key, "missing", null, r)));
        return differences.OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
    }

    private void Report(RebuildPhase phase, long processed, long total, DateTime started)
    {
        var elapsed = (DateTime.UtcNow - started).TotalSeconds;
        var rate = elapsed > 0 ? processed / elapsed : 0;
        TimeSpan? eta = rate > 0 ? TimeSpan.FromSeconds((total - processed) / rate) : null;
        _rebuild = new RebuildProgress(phase, processed, total, Math.Round(rate), eta, started, null, null);
    }
}
