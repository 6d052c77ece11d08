namespace BlazorEs.Infrastructure.Replay;

/// <summary>One projection's rows as of a position, compressed: where an "as of" replay starts.</summary>
public sealed class ReadModelSnapshot
{
    public string Projection { get; set; } = "";
    public long Position { get; set; }
    public SnapshotKind Kind { get; set; }

    /// <summary>For a delta: the position of the snapshot (full or delta) whose rows it changes. None for a full snapshot.</summary>
    public long? BasePosition { get; set; }

    public byte[] Data { get; set; } = [];

    /// <summary>The read model's rows as of <see cref="Position"/> (a delta holds only those that changed).</summary>
    public int RowCount { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>HMAC of the snapshot's content and the chain hash at its position with the integrity key (<see cref="Integrity.SnapshotSeal"/>).</summary>
    public byte[]? Seal { get; set; }
}

public enum SnapshotKind
{
    /// <summary>Every row of the read model.</summary>
    Full = 0,

    /// <summary>Only the rows put and the keys removed since the snapshot at <see cref="ReadModelSnapshot.BasePosition"/>.</summary>
    Delta = 1,
}
