using BlazorEs.Infrastructure.ReadModels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Projections;

public sealed partial class ProjectionRunner<TRow>
{
    private const int ReplayBatchSize = 5000;
    private const int ShadowWriteBatch = 2000;
    private RebuildProgress? _rebuild;
    private int _rebuilding;

    public RebuildProgress? Rebuild => _rebuild;

    /// <summary>
    /// Replays the whole log into memory, writes the result to the shadow table, reads it back and compares it with
    /// the replay, then — under the projection's lock, after applying whatever arrived meanwhile — replaces the live
    /// rows with the shadow rows and moves the checkpoint in one transaction. Reads keep hitting the live table
    /// until that commit.
    /// </summary>
    public async Task<RebuildProgress> RebuildAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _rebuilding, 1) == 1)
            throw new InvalidOperationException($"{Name} is already rebuilding.");
        var started = DateTime.UtcNow;
        try
        {
            var head = await _reader.HeadPositionAsync(ct);
            Report(RebuildPhase.Replaying, 0, head, started);
            var rows = await ReplayIntoAsync(new InMemoryRowStore<TRow>(), 0, head, started, ct);

            Report(RebuildPhase.WritingShadow, head, head, started);
            await WriteShadowAsync(rows.All(), ct);

            Report(RebuildPhase.Verifying, head, head, started);
            var differences = Differences(await ReadTableAsync(ReadModelTables.Shadow(_projection.Table), ct), rows.All());
            if (differences.Count > 0)
                throw new InvalidOperationException($"The shadow table differs from the replay in {differences.Count} rows (first: {differences[0].Key}); the live table was left as it was.");

            Report(RebuildPhase.Swapping, head, head, started);
            using (await _locks.AcquireAsync(Name, ct))
            {
                var tail = new TrackingRowStore<TRow>(rows);
                var position = head;
                for (var batch = await _reader.ReadAllAsync(position, ReplayBatchSize, ct: ct); batch.Count > 0; batch = await _reader.ReadAllAsync(position, ReplayBatchSize, ct: ct))
                {
                    foreach (var e in batch)
                    {
                        _projection.Apply(e, tail);
                        position = e.Position;
                    }
                }
                await SwapAsync(rows, tail.Dirty, position, ct);
                _mirror = rows;
                _persisted = rows.All().Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
                _parkedAt = null;
                _lastError = null;
                _state = ProjectionState.Live;
                await PublishAsync([], allChanged: true, position); // before the checkpoint moves, as after a batch
                SetCheckpoint(position);
            }

            var done = _rebuild! with { Phase = RebuildPhase.Done, Eta = TimeSpan.Zero, FinishedAt = DateTime.UtcNow };
            _rebuild = done;
            return done;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "{Projection} rebuild failed", Name);
            _rebuild = (_rebuild ?? new RebuildProgress(RebuildPhase.Failed, 0, 0, 0, null, started, null, null))
                with { Phase = RebuildPhase.Failed, FinishedAt = DateTime.UtcNow, Error = ex.Message };
            if (ex is OperationCanceledException) throw;
            return _rebuild;
        }
        finally
        {
            Interlocked.Exchange(ref _rebuilding, 0);
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
        var replayed = await ReplayIntoAsync(new InMemoryRowStore<TRow>(), 0, checkpoint, null, ct);
        return Differences(live, replayed.All());
    }

    public async Task<IReadOnlyList<object>> ReplayAsync(long position, CancellationToken ct) =>
        (await ReplayIntoAsync(new InMemoryRowStore<TRow>(), 0, position, null, ct)).All().Cast<object>().ToList();

    /// <summary>Applies events (after, to] to <paramref name="rows"/> with the projection's own Apply.</summary>
    public async Task<InMemoryRowStore<TRow>> ReplayIntoAsync(InMemoryRowStore<TRow> rows, long after, long to, DateTime? reportFrom, CancellationToken ct)
    {
        var position = after;
        while (position < to)
        {
            var batch = await _reader.ReadAllAsync(position, ReplayBatchSize, to, ct);
            if (batch.Count == 0) break;
            foreach (var e in batch) _projection.Apply(e, rows);
            position = batch[^1].Position;
            if (reportFrom is { } started) Report(RebuildPhase.Replaying, position, to, started);
        }
        return rows;
    }

    private async Task<List<TRow>> ReadTableAsync(string table, CancellationToken ct)
    {
        await using var db = _factory.CreateContext();
        return await db.Set<TRow>(table).AsNoTracking().ToListAsync(ct);
    }

    private async Task WriteShadowAsync(IEnumerable<TRow> rows, CancellationToken ct)
    {
        var shadow = ReadModelTables.Shadow(_projection.Table);
        await using (var db = _factory.CreateReadSideContext())
            await db.Set<TRow>(shadow).ExecuteDeleteAsync(ct);
        foreach (var chunk in rows.Chunk(ShadowWriteBatch))
        {
            await using var db = _factory.CreateReadSideContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Set<TRow>(shadow).AddRange(chunk);
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>One transaction: the tail's rows into the shadow, shadow → live, checkpoint moved, shadow emptied.</summary>
    private async Task SwapAsync(InMemoryRowStore<TRow> rows, HashSet<string> tailDirty, long position, CancellationToken ct)
    {
        var shadow = ReadModelTables.Shadow(_projection.Table);
        await using var db = _factory.CreateReadSideContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var keyColumn = KeyColumn(db);
        var tailKeys = tailDirty.ToList();
        if (tailKeys.Count > 0)
        {
            await db.Set<TRow>(shadow).Where(r => tailKeys.Contains(EF.Property<string>(r, keyColumn))).ExecuteDeleteAsync(ct);
            db.Set<TRow>(shadow).AddRange(tailKeys.Select(rows.Find).OfType<TRow>());
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        var columns = string.Join(", ", db.Model.FindEntityType(_projection.Table)!.GetProperties().Select(p => $"\"{p.GetColumnName()}\""));
        await db.Set<TRow>(_projection.Table).ExecuteDeleteAsync(ct);
#pragma warning disable EF1002 // table and column names come from the EF model, not from input
        await db.Database.ExecuteSqlRawAsync($"INSERT INTO \"{_projection.Table}\" ({columns}) SELECT {columns} FROM \"{shadow}\"", ct);
#pragma warning restore EF1002
        await db.Set<TRow>(shadow).ExecuteDeleteAsync(ct);
        await SaveCheckpointAsync(db, position, parkedAt: null, error: null, ct);
        await db.SaveChangesAsync(ct);
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
