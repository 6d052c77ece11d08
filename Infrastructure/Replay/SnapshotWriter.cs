using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>
/// Writes each read model's snapshots from its live table, the truth, so it holds no rows of its own: once a
/// projection's checkpoint is <see cref="ReplayOptions.SnapshotEvery"/> past its newest snapshot, it opens a read
/// pinned at the table's checkpoint (<see cref="PinnedRead"/>; the projection's lock is held only while the pin is
/// taken) and writes there either the rows written since that snapshot (a delta: the keys <see cref="RowsSinceSnapshot"/>
/// recorded from this instance's commits) or every row, read and packed chunk by chunk (a full snapshot: the first
/// after a start, a rebuild or a gap in what this instance saw, and whenever the deltas since the last full one would
/// pass <see cref="ReplayOptions.FullSnapshotAfterDeltas"/> of its size). History it did not see — a store without
/// snapshots, or an older build's — is written once by <see cref="SnapshotBackfill"/> first. Only the projector writes
/// (its commits are fenced by the lease's epoch); on another instance it waits. Snapshots only speed replay up: the
/// events stay the truth.
/// </summary>
public sealed class SnapshotWriter(
    ProjectionCatalog catalog,
    StoreContextFactory factory,
    SnapshotBackfill backfill,
    RowsSinceSnapshot written,
    ReplayOptions options,
    ILogger<SnapshotWriter> logger,
    ProjectorLease? lease = null,
    IntegrityKey? key = null) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, Chain>? _chains;
    private bool _backfilled;

    /// <summary>
    /// Writes a snapshot of every projection whose checkpoint is an interval past its newest one (after the backfill,
    /// when the stored snapshots leave history uncovered); returns how many it wrote.
    /// </summary>
    public async Task<int> WriteDueAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!_backfilled)
            {
                if (await backfill.NeededAsync(ct))
                {
                    logger.LogInformation("Writing the snapshots of the history before this instance's (none stored, or in an older format)");
                    await backfill.CatchUpAsync(ct);
                    backfill.Release();
                }
                _backfilled = true;
                _chains = null;
            }
            _chains ??= await StoredChainsAsync(ct);
            var count = 0;
            foreach (var runner in catalog.All.Cast<IProjectionParts>())
            {
                var chain = _chains.GetValueOrDefault(runner.Name) ?? Chain.None;
                if (runner.Checkpoint < chain.Newest + options.SnapshotEvery) continue;
                if (await WriteAsync(runner, chain, ct)) count++;
            }
            return count;
        }
        catch
        {
            _chains = null; // read again from what is stored
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.WriteSnapshots) return;
        if (lease is not null) await lease.Ready.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (lease is { IsHolder: false })
                {
                    // The holder writes; when this instance takes over it reads what is stored, and what the holder wrote.
                    _chains = null;
                    _backfilled = false;
                    await Task.WhenAny(lease.Changed, Task.Delay(TimeSpan.FromSeconds(5), stoppingToken));
                    continue;
                }
                await WriteDueAsync(stoppingToken);
                await Task.Delay(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Replay still works without new snapshots, only slower; try again shortly.
                logger.LogError(ex, "Writing read-model snapshots failed");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    /// <summary>One projection's snapshot at its table's checkpoint; false when the checkpoint did not pass the newest snapshot.</summary>
    private async Task<bool> WriteAsync(IProjectionParts runner, Chain chain, CancellationToken ct)
    {
        ReadModelSnapshot snapshot;
        await using (var db = factory.CreateReadSideContext())
        {
            await using var read = await PinnedRead.BeginAsync(db, factory.Provider, ct);
            var held = await runner.LockAsync(ct);
            try
            {
                // Under the lock no round is between its commit and its announcement: the stored checkpoint is the last
                // commit this instance recorded, and the pinned read sees the rows as of it.
                var position = await db.Set<ProjectionCheckpoint>().AsNoTracking().Where(c => c.Name == runner.Name).Select(c => c.Position).FirstOrDefaultAsync(ct);
                if (position <= chain.Newest) return false;
                var keys = written.Take(runner.Name, chain.Newest, position);
                if (PinnedRead.Pins(factory.Provider))
                {
                    held.Dispose();
                    held = null;
                }
                snapshot = await ReadAsync(runner.Projection, db, chain, keys, position, ct);
            }
            finally
            {
                held?.Dispose();
            }
        }
        await StoreAsync(snapshot, ct);
        _chains![runner.Name] = snapshot.Kind == SnapshotKind.Full
            ? new Chain(snapshot.Data.Length, 0, snapshot.Position)
            : chain with { Deltas = chain.Deltas + snapshot.Data.Length, Newest = snapshot.Position };
        return true;
    }

    /// <summary>A delta of <paramref name="keys"/> on the chain's newest snapshot while the chain's deltas stay under their share, else every row.</summary>
    private async Task<ReadModelSnapshot> ReadAsync(IProjection projection, EventStoreDbContext db, Chain chain, IReadOnlyCollection<string>? keys, long position, CancellationToken ct)
    {
        var snapshot = new ReadModelSnapshot { Projection = projection.Name, Position = position, CreatedAt = DateTime.UtcNow };
        if (keys is not null && chain.Full > 0)
        {
            var delta = await projection.ReadTableAsync(db, keys, ct);
            if (chain.Deltas + delta.Data.Length <= chain.Full * options.FullSnapshotAfterDeltas)
            {
                snapshot.Kind = SnapshotKind.Delta;
                snapshot.BasePosition = chain.Newest;
                snapshot.Data = delta.Data;
                snapshot.RowCount = delta.RowCount;
                return snapshot;
            }
        }
        var full = await projection.ReadTableAsync(db, keys: null, ct);
        snapshot.Data = full.Data;
        snapshot.RowCount = full.RowCount;
        return snapshot;
    }

    private async Task StoreAsync(ReadModelSnapshot snapshot, CancellationToken ct)
    {
        // A row at this position is the same state (the backfill's, or a pass before a crash): replace it.
        await SnapshotStore.SaveAsync(factory, lease, key, snapshot.Position, [snapshot],
            s => s.Projection == snapshot.Projection && s.Position == snapshot.Position, ct);
        logger.LogDebug("{Projection} snapshot ({Kind}) written at position {Position}", snapshot.Projection, snapshot.Kind, snapshot.Position);
    }

    /// <summary>Each projection's chain as stored: its newest full snapshot's size, its deltas' total size since, and the newest position.</summary>
    private async Task<Dictionary<string, Chain>> StoredChainsAsync(CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        var stored = await db.Set<ReadModelSnapshot>().AsNoTracking()
            .Select(s => new { s.Projection, s.Kind, s.Position, Length = (long)s.Data.Length })
            .ToListAsync(ct);
        var chains = new Dictionary<string, Chain>(StringComparer.OrdinalIgnoreCase);
        foreach (var snapshots in stored.GroupBy(s => s.Projection, StringComparer.OrdinalIgnoreCase))
        {
            var full = snapshots.Where(s => s.Kind == SnapshotKind.Full).MaxBy(s => s.Position);
            var deltas = full is null ? 0 : snapshots.Where(s => s.Kind == SnapshotKind.Delta && s.Position > full.Position).Sum(s => s.Length);
            chains[snapshots.Key] = new Chain(full?.Length ?? 0, deltas, snapshots.Max(s => s.Position));
        }
        return chains;
    }

    /// <summary>A projection's snapshots as the next one builds on them: the last full one's size (0: none), its deltas' total size since, the newest position.</summary>
    private sealed record Chain(long Full, long Deltas, long Newest)
    {
        public static Chain None { get; } = new(0, 0, 0);
    }
}
