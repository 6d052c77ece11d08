using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.Replay;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BlazorEs.Infrastructure.Persistence;

/// <summary>
/// The one EF model of the store: the append-only Events table, the command results kept for idempotency and
/// the read tables. Each provider has a subclass of its own so that each keeps its own migrations. It also holds
/// the instances' shared Data Protection keys (several instances read each other's cookies and tokens).
/// </summary>
public abstract class EventStoreDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<EventRecord> Events => Set<EventRecord>();
    public DbSet<CommandRecord> Commands => Set<CommandRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time in the store is UTC; say so when reading it back.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<EventRecord>(e =>
        {
            e.ToTable("Events");
            e.HasKey(x => x.Position);
            e.Property(x => x.Position).ValueGeneratedNever();
            e.Property(x => x.EventId).HasMaxLength(36).IsUnicode(false);
            e.HasIndex(x => x.EventId).IsUnique();
            e.Property(x => x.StreamId).HasMaxLength(200);
            e.HasIndex(x => new { x.StreamId, x.StreamVersion }).IsUnique();
            e.Property(x => x.Type).HasMaxLength(100).IsUnicode(false);
            e.Property(x => x.Data);
            e.Property(x => x.UserId).HasMaxLength(100);
            e.Property(x => x.CommandName).HasMaxLength(100).IsUnicode(false);
            e.Property(x => x.CommandId).HasMaxLength(64).IsUnicode(false);
            e.Property(x => x.CorrelationId).HasMaxLength(64).IsUnicode(false);
            e.Property(x => x.CausationId).HasMaxLength(64).IsUnicode(false);
            // What the timeline filters on.
            e.HasIndex(x => new { x.Type, x.Position });
            e.HasIndex(x => new { x.UserId, x.Position });
            e.HasIndex(x => new { x.CorrelationId, x.Position });
            e.HasIndex(x => x.RecordedAt);
            e.Property(x => x.PreviousHash).HasMaxLength(32);
            e.Property(x => x.Hash).HasMaxLength(32);
        });

        modelBuilder.Entity<CommandRecord>(e =>
        {
            e.ToTable("Commands");
            e.HasKey(x => x.CommandId);
            e.Property(x => x.CommandId).HasMaxLength(64).IsUnicode(false);
            e.Property(x => x.CommandName).HasMaxLength(100).IsUnicode(false);
            e.Property(x => x.CorrelationId).HasMaxLength(64).IsUnicode(false);
        });

        ReadModelTables.Configure(modelBuilder);
        ClusterTables.Configure(modelBuilder);
        Integrity.SignedCheckpoint.Configure(modelBuilder);
        Streams.Snapshots.StreamSnapshot.Configure(modelBuilder);

        modelBuilder.Entity<ReadModelSnapshot>(e =>
        {
            e.ToTable("ReadModelSnapshots");
            e.HasKey(x => new { x.Projection, x.Position });
            // Replay finds a model's newest full snapshot at or before P here, without stepping over the deltas' rows
            // (Kind sits after the Data blob in SQLite's row, so testing it row by row reads the blobs' overflow pages).
            e.HasIndex(x => new { x.Projection, x.Kind, x.Position });
            e.Property(x => x.Projection).HasMaxLength(100).IsUnicode(false);
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
