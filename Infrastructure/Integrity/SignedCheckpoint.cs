using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Integrity;

/// <summary>
/// One row of IntegrityCheckpoints (append-only, like Events): the chain's head at <see cref="Position"/> signed with the
/// integrity key, which is kept outside the database (<see cref="CheckpointSignature"/>). Whoever edits an event and
/// recomputes every later hash still cannot sign the new head; whoever cuts the tail leaves a checkpoint past the end.
/// </summary>
public sealed class SignedCheckpoint
{
    public long Position { get; set; }
    public byte[] Hash { get; set; } = [];
    public DateTime CreatedAt { get; set; }

    /// <summary>Names the key that signed it (the first bytes of SHA-256 over the key), so a rotated key is told apart from a forged signature.</summary>
    public string KeyId { get; set; } = "";

    public byte[] Signature { get; set; } = [];

    internal static void Configure(ModelBuilder modelBuilder) => modelBuilder.Entity<SignedCheckpoint>(e =>
    {
        e.ToTable("IntegrityCheckpoints");
        e.HasKey(x => x.Position);
        e.Property(x => x.Position).ValueGeneratedNever();
        e.Property(x => x.Hash).HasMaxLength(32);
        e.Property(x => x.KeyId).HasMaxLength(16).IsUnicode(false);
        e.Property(x => x.Signature).HasMaxLength(64);
    });
}
