using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Streams.Snapshots;

/// <summary>
/// One stream's folded state at a version, so loading the stream later folds only the events after it. Derived data,
/// like the read tables: deleting every row changes no answer, only how many events a load folds.
/// </summary>
public sealed class StreamSnapshot
{
    public string StreamId { get; set; } = "";

    /// <summary>The state's shape and fold (<see cref="StreamStateKind{T}.Format"/>): a build with another reads past it.</summary>
    public string Format { get; set; } = "";

    public long Version { get; set; }

    /// <summary>The global position of the stream's event at <see cref="Version"/>; its chain hash is in the seal.</summary>
    public long Position { get; set; }

    /// <summary>The state as JSON (<see cref="StreamStateKind{T}"/>'s options).</summary>
    public string State { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>HMAC of the snapshot and the chain hash at its position with the integrity key (<see cref="Integrity.SnapshotSeal"/>).</summary>
    public byte[]? Seal { get; set; }

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<StreamSnapshot>(e =>
        {
            e.ToTable("StreamSnapshots");
            // A load finds the newest snapshot at or before a version with one seek.
            e.HasKey(x => new { x.StreamId, x.Format, x.Version });
            e.Property(x => x.StreamId).HasMaxLength(200);
            e.Property(x => x.Format).HasMaxLength(64).IsUnicode(false);
        });
}
