namespace BlazorEs.Infrastructure.Replay;

/// <summary>One projection's rows as of a position, compressed: where an "as of" replay starts.</summary>
public sealed class ReadModelSnapshot
{
    public string Projection { get; set; } = "";
    public long Position { get; set; }
    public byte[] Data { get; set; } = [];
    public int RowCount { get; set; }
    public DateTime CreatedAt { get; set; }
}
