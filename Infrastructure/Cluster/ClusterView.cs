using BlazorEs.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Cluster;

public sealed record ClusterProjector(string? InstanceId, long Epoch, DateTime LeaseExpiresAt, DateTime AcquiredAt);

public sealed record ClusterMember(string InstanceId, DateTime LastSeenAt, string Version, DateTime StartedAt);

/// <summary>GET /api/cluster and the Projections screen's cluster panel: who this is, who projects, who is alive.</summary>
public sealed record ClusterStatus(string InstanceId, ClusterProjector Projector, IReadOnlyList<ClusterMember> Instances);

public sealed record GetClusterStatus : IQuery<ClusterStatus>;

public sealed class GetClusterStatusHandler(StoreContextFactory factory, ClusterOptions options) : IQueryHandler<GetClusterStatus, ClusterStatus>
{
    public async ValueTask<ClusterStatus> Handle(GetClusterStatus query, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var since = now - options.InstanceGone;
        await using var db = factory.CreateContext();
        var lease = await db.Set<ClusterLease>().AsNoTracking().SingleAsync(l => l.Name == ClusterLease.Projector, cancellationToken);
        var instances = await db.Set<ClusterInstance>().AsNoTracking().Where(i => i.LastSeenAt > since).ToListAsync(cancellationToken);
        var holder = lease.ExpiresAt > now && lease.HolderId.Length > 0 ? lease.HolderId : null;
        return new ClusterStatus(
            options.InstanceId,
            new ClusterProjector(holder, lease.Epoch, lease.ExpiresAt, lease.AcquiredAt),
            instances.OrderBy(i => i.InstanceId, StringComparer.Ordinal)
                .Select(i => new ClusterMember(i.InstanceId, i.LastSeenAt, i.Version, i.StartedAt)).ToList());
    }
}
