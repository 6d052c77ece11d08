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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var (position, memories) = await RestoreAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = await reader.ReadAllAsync(position, BatchSize, ct: stoppingToken);
                if (batch.Count == 0)
                {
                    await Task.WhenAny(head.Moved, Task.Delay(TimeSpan.FromSeconds(5), stoppingToken));
                    continue;
                }
                foreach (var e in batch)
                {
                    foreach (var memory in memories) memory.Apply(e);
                    position = e.Position;
                    if (position % options.SnapshotEvery == 0) await WriteAsync(memories, position, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The snapshot writer stopped; replay still works from position 0, only slower");
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
        var memories = catalog.All.Select(r => r.Projection.Restore(snapshots.Single(s => s.Projection == r.Name).Data)).ToList();
        logger.LogInformation("Snapshots restored at position {Position}", common);
        return (common, memories);
    }

    private async Task WriteAsync(IReadOnlyList<IProjectionMemory> memories, long position, CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        if (await db.Set<ReadModelSnapshot>().AnyAsync(s => s.Position == position, ct)) return;
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
        logger.LogDebug("Read-model snapshots written at position {Position}", position);
    }
}
