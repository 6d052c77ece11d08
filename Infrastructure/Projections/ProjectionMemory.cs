using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Replay;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// A projection's rows held in memory and fed with the projection's own Apply: the replay "as of" view and the
/// snapshots it starts from. Never touches a live table and publishes nothing.
/// </summary>
public interface IProjectionMemory
{
    IProjection Projection { get; }

    int Count { get; }

    IReadOnlyList<object> Rows { get; }

    void Apply(StoredEvent e);

    /// <summary>The rows in the snapshot format (SnapshotFormat: MemoryPack + LZ4 behind a format header).</summary>
    byte[] Snapshot();
}

internal sealed class ProjectionMemory<TRow>(Projection<TRow> projection, InMemoryRowStore<TRow> rows) : IProjectionMemory
    where TRow : class, IReadModelRow
{
    public IProjection Projection => projection;

    public int Count => rows.Count;

    public IReadOnlyList<object> Rows => rows.All().OrderBy(r => r.Key, StringComparer.Ordinal).ToList<object>();

    public void Apply(StoredEvent e) => projection.Apply(e, rows);

    public byte[] Snapshot() => SnapshotFormat<TRow>.Encode(rows.All().ToArray());

    /// <summary>Rows restored from a snapshot; <see cref="SnapshotUnreadableException"/> when this build cannot read it.</summary>
    public static ProjectionMemory<TRow> Restore(Projection<TRow> projection, byte[] snapshot) =>
        new(projection, new InMemoryRowStore<TRow>(SnapshotFormat<TRow>.Decode(snapshot)));
}
