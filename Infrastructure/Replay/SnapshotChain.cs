using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>A projection's rows restored from its snapshots, and the position they stand at.</summary>
/// <param name="From">Where the restored rows stand: the events after it are still to apply (0: none restored).</param>
/// <param name="Full">The full snapshot the rows started from (0: none).</param>
public sealed record RestoredSnapshot(IProjectionMemory Memory, long From, long Full);

/// <summary>
/// Reads a projection's snapshots back: the newest readable full snapshot at or before a position, then the delta
/// snapshots after it in order, each applied only if it builds on the position reached so far. An unreadable full
/// snapshot sends it to an older one; an unreadable or missing delta ends the chain early — the caller replays the
/// events from <see cref="RestoredSnapshot.From"/>, so the answer is the same, only slower.
/// </summary>
public sealed class SnapshotChain(StoreContextFactory factory, ILogger logger)
{
    public async Task<RestoredSnapshot> RestoreAsync(IProjection projection, long atOrBefore, CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        var (memory, full) = await NewestReadableFullAsync(db, projection, atOrBefore, ct);
        if (memory is null) return new RestoredSnapshot(projection.NewMemory(), 0, 0);

        var deltas = await db.Set<ReadModelSnapshot>().AsNoTracking()
            .Where(s => s.Projection == projection.Name && s.Kind == SnapshotKind.Delta && s.Position > full && s.Position <= atOrBefore)
            .OrderBy(s => s.Position)
            .Select(s => new { s.Position, s.BasePosition, s.Data })
            .ToListAsync(ct);
        // Only the deltas that build on one another from the full snapshot: others are left over from earlier passes.
        var chain = new List<(long Position, byte[] Data)>();
        foreach (var delta in deltas)
            if (delta.BasePosition == (chain.Count == 0 ? full : chain[^1].Position))
                chain.Add((delta.Position, delta.Data));
        var applied = memory.ApplyDeltas(chain.Select(d => d.Data).ToList());
        var reached = applied.Count == 0 ? full : chain[applied.Count - 1].Position;
        if (applied.StoppedBy is { } unreadable)
            logger.LogWarning("Stopping the {Projection} snapshot chain at {Position}: the delta after it cannot be read ({Reason})", projection.Name, reached, unreadable.Message);
        return new RestoredSnapshot(memory, reached, full);
    }

    private async Task<(IProjectionMemory? Memory, long Position)> NewestReadableFullAsync(EventStoreDbContext db, IProjection projection, long atOrBefore, CancellationToken ct)
    {
        while (atOrBefore > 0)
        {
            var full = await db.Set<ReadModelSnapshot>().AsNoTracking()
                .Where(s => s.Projection == projection.Name && s.Kind == SnapshotKind.Full && s.Position <= atOrBefore)
                .OrderByDescending(s => s.Position)
                .Select(s => new { s.Position, s.Data })
                .FirstOrDefaultAsync(ct);
            if (full is null) return (null, 0);
            try
            {
                return (projection.Restore(full.Data), full.Position);
            }
            catch (SnapshotUnreadableException ex)
            {
                // Never an error for the reader: an older snapshot, or the events from zero, give the same answer.
                logger.LogWarning("Skipping the {Projection} snapshot at {Position}: {Reason}", projection.Name, full.Position, ex.Message);
                atOrBefore = full.Position - 1;
            }
        }
        return (null, 0);
    }
}
