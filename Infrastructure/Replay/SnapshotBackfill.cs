using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>
/// Writes the snapshots of the history the live <see cref="SnapshotWriter"/> did not see: a store whose log came
/// without them (or an older build's, in a format this one cannot read), and the benchmark's generated histories.
/// It replays the log with the projections' own Apply, every read model in memory, and at each multiple of
/// <see cref="ReplayOptions.SnapshotEvery"/> writes each one's snapshot — the rows changed since its previous one (a
/// delta), or now and then all its rows (a full snapshot). A full snapshot of every order ever at each interval made
/// the storage grow with the square of the history; deltas keep it in step with the rows changed. It starts from the
/// newest snapshot every projection has, so a second pass replays only what is new. While it runs it holds every read
/// model whole (memory in proportion to the history, for the length of the pass); <see cref="Release"/> lets it go.
/// Snapshots only speed replay up — the events stay the truth. Its commits are fenced by the projector's lease.
/// </summary>
public sealed class SnapshotBackfill(
    ProjectionCatalog catalog,
    StoreContextFactory factory,
    EventReader reader,
    ReplayOptions options,
    ILogger<SnapshotBackfill> logger,
    ProjectorLease? lease = null,
    IntegrityKey? key = null)
{
    private const int BatchSize = 5000;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SnapshotChain _chain = new(factory, logger);
    private readonly Dictionary<string, ChainSize> _sizes = new(StringComparer.Ordinal);
    private IReadOnlyList<IProjectionMemory>? _memories;
    private long _position;

    /// <summary>Applies everything up to the head and writes the snapshots due on the way; returns the position reached.</summary>
    public async Task<long> CatchUpAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_memories is null) (_position, _memories) = await RestoreAsync(ct);
            await foreach (var batch in reader.ReadBatchesAsync(_position, BatchSize, ct: ct))
            {
                foreach (var e in batch)
                {
                    foreach (var memory in _memories) memory.Apply(e);
                    _position = e.Position;
                    if (_position % options.SnapshotEvery == 0) await WriteAsync(_memories, _position, ct);
                }
            }
            return _position;
        }
        catch
        {
            _memories = null; // start again from the newest snapshot
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Lets go of the read models the pass holds; the next pass starts again from the newest snapshots.</summary>
    public void Release()
    {
        _gate.Wait();
        try
        {
            _memories = null;
            _sizes.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Whether the stored snapshots leave history uncovered: a projection whose stored checkpoint is past its first
    /// interval without any snapshot (a log imported, or a release adding a projection), or whose newest snapshot this
    /// build cannot read (an older format or row shape). Then a pass rewrites them from the newest snapshot every
    /// projection can start from. A projection still catching up from zero gets its snapshots from the live writer.
    /// </summary>
    public async Task<bool> NeededAsync(CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        var checkpoints = await db.Set<ProjectionCheckpoint>().AsNoTracking().ToDictionaryAsync(c => c.Name, c => c.Position, StringComparer.OrdinalIgnoreCase, ct);
        foreach (var runner in catalog.All)
        {
            var newest = await db.Set<ReadModelSnapshot>().AsNoTracking()
                .Where(s => s.Projection == runner.Name)
                .OrderByDescending(s => s.Position)
                .Select(s => s.Data)
                .FirstOrDefaultAsync(ct);
            if (newest is null ? checkpoints.GetValueOrDefault(runner.Name) >= options.SnapshotEvery : !runner.Projection.CanRead(newest)) return true;
        }
        return false;
    }

    /// <summary>The newest position every projection has a snapshot at, and the memories restored there (full + deltas).</summary>
    private async Task<(long Position, IReadOnlyList<IProjectionMemory> Memories)> RestoreAsync(CancellationToken ct)
    {
        _sizes.Clear();
        long common;
        await using (var db = factory.CreateContext())
        {
            var names = catalog.All.Select(r => r.Name).ToList();
            var newest = await db.Set<ReadModelSnapshot>()
                .GroupBy(s => s.Projection)
                .Select(g => new { Projection = g.Key, Position = g.Max(s => s.Position) })
                .ToListAsync(ct);
            common = names.All(n => newest.Any(s => s.Projection == n)) ? newest.Where(s => names.Contains(s.Projection)).Min(s => s.Position) : 0;
        }
        if (common == 0) return (0, catalog.All.Select(r => r.Projection.NewMemory()).ToList());

        var restored = new List<IProjectionMemory>();
        foreach (var runner in catalog.All)
        {
            var snapshot = await _chain.RestoreAsync(runner.Projection, common, ct);
            if (snapshot.From != common)
            {
                // An older format, a row type that changed, a broken chain: one pass from zero rewrites every snapshot in today's format.
                logger.LogWarning("The {Projection} snapshots at {Position} cannot be read; rewriting every snapshot from the first event", runner.Name, common);
                return (0, catalog.All.Select(r => r.Projection.NewMemory()).ToList());
            }
            restored.Add(snapshot.Memory);
            _sizes[runner.Name] = await SizesSinceAsync(runner.Name, snapshot.Full, common, ct);
        }
        logger.LogInformation("Snapshots restored at position {Position}", common);
        return (common, restored);
    }

    /// <summary>The size of the full snapshot at <paramref name="full"/> and of the deltas after it up to <paramref name="to"/>.</summary>
    private async Task<ChainSize> SizesSinceAsync(string projection, long full, long to, CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        var sizes = await db.Set<ReadModelSnapshot>()
            .Where(s => s.Projection == projection && s.Position >= full && s.Position <= to)
            .Select(s => new { s.Kind, s.Position, Length = (long)s.Data.Length })
            .ToListAsync(ct);
        return new ChainSize(
            sizes.Where(s => s.Kind == SnapshotKind.Full && s.Position == full).Sum(s => s.Length),
            sizes.Where(s => s.Kind == SnapshotKind.Delta).Sum(s => s.Length),
            sizes.Where(s => s.Kind == SnapshotKind.Delta).Select(s => s.Position).DefaultIfEmpty(full).Max());
    }

    /// <summary>
    /// Writes each projection's snapshot at <paramref name="position"/>: the rows changed since its previous snapshot
    /// (a delta) while its deltas since its last full snapshot stay under <see cref="ReplayOptions.FullSnapshotAfterDeltas"/>
    /// of that one's size, otherwise all its rows (a full snapshot, the start of a new chain).
    /// </summary>
    private async Task WriteAsync(IReadOnlyList<IProjectionMemory> memories, long position, CancellationToken ct)
    {
        var snapshots = new List<ReadModelSnapshot>(memories.Count);
        foreach (var memory in memories)
        {
            var name = memory.Projection.Name;
            var snapshot = new ReadModelSnapshot { Projection = name, Position = position, RowCount = memory.Count, CreatedAt = DateTime.UtcNow };
            if (_sizes.TryGetValue(name, out var chain))
            {
                var delta = memory.DeltaSnapshot();
                if (chain.Deltas + delta.Length <= chain.Full * options.FullSnapshotAfterDeltas)
                {
                    snapshot.Kind = SnapshotKind.Delta;
                    snapshot.BasePosition = chain.Newest;
                    snapshot.Data = delta;
                    _sizes[name] = chain with { Deltas = chain.Deltas + delta.Length, Newest = position };
                }
            }
            if (snapshot.Kind == SnapshotKind.Full)
            {
                snapshot.Data = memory.Snapshot();
                _sizes[name] = new ChainSize(snapshot.Data.Length, 0, position);
            }
            snapshots.Add(snapshot);
        }

        // Rows at this position are the same state, or the same state in a format this build cannot read: replace them.
        await SnapshotStore.SaveAsync(factory, lease, key, position, snapshots, s => s.Position == position, ct);
        logger.LogDebug("Read-model snapshots written at position {Position}", position);
    }

    /// <summary>A projection's chain of snapshots: its last full one's size, its deltas' total size since, and the newest position.</summary>
    private sealed record ChainSize(long Full, long Deltas, long Newest);
}
