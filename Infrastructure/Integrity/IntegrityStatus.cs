namespace BlazorEs.Infrastructure.Integrity;

public enum IntegrityState { Verifying, Intact, Broken }

/// <summary>What the console and GET /api/integrity show.</summary>
public sealed record IntegrityStatus(
    IntegrityState State,
    long VerifiedThrough,
    long Head,
    CheckpointStatus? LastCheckpoint,
    ChainBreak? FirstBreak,
    IReadOnlyList<ChainBreak> Breaks,
    VerificationRun? Verification)
{
    public static readonly IntegrityStatus Starting = new(IntegrityState.Verifying, 0, 0, null, null, [], null);
}

/// <summary>The newest signed checkpoint and whether its signature verifies with this instance's key.</summary>
public sealed record CheckpointStatus(long Position, string Hash, DateTime CreatedAt, string KeyId, bool SignatureValid);

/// <summary>A full verification: how far it got of how much, who started it, when it started and finished.</summary>
public sealed record VerificationRun(bool Running, long Through, long Head, DateTime StartedAt, DateTime? FinishedAt, string StartedBy)
{
    public double Progress => Head == 0 ? (Running ? 0 : 1) : Math.Min(1, (double)Through / Head);
}
