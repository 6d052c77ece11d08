using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Cluster;

/// <summary>
/// The projector's lease: one row per role (only "projector" today). <see cref="Epoch"/> is the fencing token: it
/// grows by one at every take-over, and every read-side commit checks it in its own transaction.
/// </summary>
public sealed class ClusterLease
{
    public const string Projector = "projector";

    public string Name { get; set; } = Projector;
    public string HolderId { get; set; } = "";
    public long Epoch { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime AcquiredAt { get; set; }
}

/// <summary>An instance of the app on this database, as it last said it was alive.</summary>
public sealed class ClusterInstance
{
    public string InstanceId { get; set; } = "";
    public string Version { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
}

public static class ClusterTables
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ClusterLease>(e =>
        {
            e.ToTable("ClusterLeases");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(50).IsUnicode(false);
            e.Property(x => x.HolderId).HasMaxLength(100);
            // The row exists from the migration on: taking the lease is always an UPDATE, never a race of two INSERTs.
            e.HasData(new ClusterLease
            {
                Name = ClusterLease.Projector,
                HolderId = "",
                Epoch = 0,
                ExpiresAt = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                AcquiredAt = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            });
        });
        modelBuilder.Entity<ClusterInstance>(e =>
        {
            e.ToTable("ClusterInstances");
            e.HasKey(x => x.InstanceId);
            e.Property(x => x.InstanceId).HasMaxLength(100);
            e.Property(x => x.Version).HasMaxLength(100);
        });
    }
}
