using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Infrastructure.Integrity;

/// <summary>What kind of break the verifier found.</summary>
public enum BreakKind
{
    /// <summary>A column of the row at the position was changed after it was written.</summary>
    Edited,
    /// <summary>Rows are missing: a gap in positions.</summary>
    Deleted,
    /// <summary>A row that the writer did not write sits in the chain.</summary>
    Inserted,
    /// <summary>Rows were moved: the row's link points at a row stored after it.</summary>
    Reordered,
    /// <summary>Events a signed checkpoint covered are gone from the end of the log.</summary>
    TailCut,
    /// <summary>The chain verifies in itself but not against a signed checkpoint: it was recomputed after an edit.</summary>
    Rewritten,
    /// <summary>A checkpoint whose signature does not verify with the key.</summary>
    CheckpointInvalid,
    /// <summary>An immutability trigger is missing from the schema.</summary>
    TriggerMissing,
    /// <summary>A row of the Commands table disagrees with the events it answered for, or is missing.</summary>
    CommandAltered,
    /// <summary>A read-model snapshot whose seal does not verify.</summary>
    SnapshotAltered,
}

/// <summary>
/// One break: where, what kind, in words; for a row, the stored content beside what the chain expected (the hash
/// the previous row leads to and the hash computed over the stored content).
/// </summary>
public sealed record ChainBreak(long Position, BreakKind Kind, string Reason)
{
    public RecordedEvent? Stored { get; init; }
    public string? StoredPreviousHash { get; init; }
    public string? StoredHash { get; init; }
    public string? ExpectedPreviousHash { get; init; }
    public string? ExpectedHash { get; init; }
}
