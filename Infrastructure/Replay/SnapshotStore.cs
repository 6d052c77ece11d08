using System.Linq.Expressions;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Crash;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>
/// Stores snapshots written at one position, for the live writer and the backfill alike: sealed with the chain's hash
/// there (so a snapshot edited in the database does not verify, docs/integrity.md), fenced by the projector's lease,
/// replacing the rows <paramref name="replaced"/> selects (the same state, or the same state in a format this build
/// cannot read), in one transaction.
/// </summary>
internal static class SnapshotStore
{
    public static async Task SaveAsync(StoreContextFactory factory, ProjectorLease? lease, IntegrityKey? key, long position,
        IReadOnlyList<ReadModelSnapshot> snapshots, Expression<Func<ReadModelSnapshot, bool>> replaced, CancellationToken ct)
    {
        await using var db = factory.CreateReadSideContext();
        if (key is not null)
        {
            var chainHash = await db.Events.AsNoTracking().Where(e => e.Position == position).Select(e => e.Hash).FirstOrDefaultAsync(ct);
            if (chainHash is not null)
                foreach (var snapshot in snapshots) snapshot.Seal = SnapshotSeal.Compute(key, snapshot, chainHash);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (lease is not null) await lease.FenceAsync(db, ct);
        await db.Set<ReadModelSnapshot>().Where(replaced).ExecuteDeleteAsync(ct);
        db.AddRange(snapshots);
        await db.SaveChangesAsync(ct);
        if (FaultPoints.Armed) FaultPoints.Reach(FaultPoints.SnapshotWrite);
        await transaction.CommitAsync(ct);
    }
}
