using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>
/// The snapshot projection: keeps every read model in memory with the projections' own Apply and, at each multiple
/// of <see cref="ReplayOptions.SnapshotEvery"/>, writes each one's rows as a snapshot. Its checkpoint is its newest
/// snapshot; after a restart it replays at most one interval. Snapshots only speed replay up — the events stay the truth.
/// </summary>
public sealed class SnapshotWriter(
    ProjectionCatalog catalog,
    StoreContextFactory factory,
    EventReader reader,
    StoreHead head,
    ReplayOptions options,
    ILogger<SnapshotWriter> logger) : BackgroundService
{
    private const int BatchSize = 5000;
    private readonly SemaphoreSlim _gate = new(1, 1);
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(stoppingToken);
                await NextSnapshotDueAsync(stoppingToken);
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

    /// <summary>
    /// Until this instance's writer has passed the next snapshot position, or five seconds went by (another instance
    /// may be appending): the events between two snapshots are read in a few passes, not once more per commit.
    /// </summary>
    private async Task NextSnapshotDueAsync(CancellationToken ct)
    {
        var due = (Volatile.Read(ref _position) / options.SnapshotEvery + 1) * options.SnapshotEvery;
        var timeout = Task.Delay(TimeSpan.FromSeconds(5), ct);
        while (true)
        {
            var moved = head.Moved;
            if (head.Position >= due) return;
            if (await Task.WhenAny(moved, timeout) == timeout) return;
        }
    }

    /// <summary>The newest position every projection has a snapshot at, and the memories restored there.</summary>
    private async Task<(long Position, IReadOnlyList<IProjectionMemory> Memories)> RestoreAsync(CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        var names = catalog.All.Select(r => r.Name).ToList();
        var newest = await db.Set<ReadModelSnapshot>()
            .GroupBy(s => s.Projection)
            .Select(g => new { Projection = g.Key, Position = g.Max(s => s.Position) })
            .ToListAsync(ct);
        var common = names.All(n => newest.Any(s => s.Projection == n)) ? newest.Where(s => names.Contains(s.Projection)).Min(s => s.Position) : 0;
        if (common == 0) return (0, catalog.All.Select(r => r.Projection.NewMemory()).ToList());

        var snapshots = await db.Set<ReadModelSnapshot>().AsNoTracking().Where(s => s.Position == common).ToListAsync(ct);
        try
        {
            var memories = catalog.All.Select(r => r.Projection.Restore(snapshots.Single(s => s.Projection == r.Name).Data)).ToList();
            logger.LogInformation("Snapshots restored at position {Position}", common);
            return (common, memories);
        }
        catch (SnapshotUnreadableException ex)
        {
            // An older format or a row type that changed: one pass from zero rewrites every snapshot in today's format.
            logger.LogWarning("Snapshots at {Position} cannot be read ({Reason}); rewriting them from the first event", common, ex.Message);
            return (0, catalog.All.Select(r => r.Projection.NewMemory()).ToList());
        }
    }

    private async Task WriteAsync(IReadOnlyList<IProjectionMemory> memories, long position, CancellationToken ct)
    {
        await using var db = factory.CreateReadSideContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Rows at this position are the same state, or the same state in a format this build cannot read: replace them.
        await db.Set<ReadModelSnapshot>().Where(s => s.Position == position).ExecuteDeleteAsync(ct);
        foreach (var memory in memories)
        {
            db.Add(new ReadModelSnapshot
            {
                Projection = memory.Projection.Name,
                Position = position,
                Data = memory.Snapshot(),
                RowCount = memory.Count,
                CreatedAt = DateTime.UtcNow,
            });
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogDebug("Read-model snapshots written at position {Position}", position);
    }
}
