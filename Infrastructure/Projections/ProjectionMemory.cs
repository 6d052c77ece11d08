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

    /// <summary>The row under <paramref name="key"/>, or null: one lookup, for a row's history.</summary>
    object? Find(string key);

    void Apply(StoredEvent e);

    /// <summary>All rows in the snapshot format (SnapshotFormat: MemoryPack + LZ4 behind a format header).</summary>
    byte[] Snapshot();

    /// <summary>
    /// The rows put and the keys removed since the last <see cref="Snapshot"/> or <see cref="DeltaSnapshot"/> (or since
    /// this memory was made), in the delta snapshot format; starts the next delta from here.
    /// </summary>
    byte[] DeltaSnapshot();

    /// <summary>
    /// Applies a chain of delta snapshots, each written on the state the one before leaves, in order (they are decoded in
    /// parallel first); stops before the first this build cannot read.
    /// </summary>
    AppliedDeltas ApplyDeltas(IReadOnlyList<byte[]> chain);
}

/// <summary>How many deltas of a chain were applied, and why the rest were not (null: all were).</summary>
public sealed record AppliedDeltas(int Count, SnapshotUnreadableException? StoppedBy);

internal sealed class ProjectionMemory<TRow>(Projection<TRow> projection, InMemoryRowStore<TRow> rows) : IProjectionMemory
    where TRow : class, IReadModelRow
{
    private readonly ChangedKeys _changes = new(rows);

    public IProjection Projection => projection;

    public int Count => rows.Count;

    public IReadOnlyList<object> Rows => rows.All().OrderBy(r => r.Key, StringComparer.Ordinal).ToList<object>();

    public object? Find(string key) => rows.Find(key);

    public void Apply(StoredEvent e) => projection.Apply(e, _changes);

    public byte[] Snapshot()
    {
        _changes.Keys.Clear();
        return SnapshotFormat<TRow>.Encode(rows.All().ToArray());
    }

    public byte[] DeltaSnapshot()
    {
        var put = new List<TRow>(_changes.Keys.Count);
        var removed = new List<string>();
        foreach (var key in _changes.Keys)
        {
            if (rows.Find(key) is { } row) put.Add(row);
            else removed.Add(key);
        }
        _changes.Keys.Clear();
        return SnapshotFormat<TRow>.EncodeDelta(new RowChanges<TRow>(put.ToArray(), removed.ToArray()));
    }

    public AppliedDeltas ApplyDeltas(IReadOnlyList<byte[]> chain)
    {
        var decoded = new (RowChanges<TRow>? Changes, SnapshotUnreadableException? Unreadable)[chain.Count];
        Parallel.For(0, chain.Count, i =>
        {
            try
            {
                decoded[i] = (SnapshotFormat<TRow>.DecodeDelta(chain[i]), null);
            }
            catch (SnapshotUnreadableException ex)
            {
                decoded[i] = (null, ex);
            }
        });
        for (var i = 0; i < decoded.Length; i++)
        {
            if (decoded[i].Changes is not { } changes) return new AppliedDeltas(i, decoded[i].Unreadable);
            foreach (var row in changes.Put) rows.Put(row);
            foreach (var key in changes.Removed) rows.Remove(key);
        }
        return new AppliedDeltas(decoded.Length, null);
    }

    /// <summary>Rows restored from a snapshot; <see cref="SnapshotUnreadableException"/> when this build cannot read it.</summary>
    public static ProjectionMemory<TRow> Restore(Projection<TRow> projection, byte[] snapshot) =>
        new(projection, new InMemoryRowStore<TRow>(SnapshotFormat<TRow>.Decode(snapshot)));

    /// <summary>The rows Apply writes through: remembers the keys it put or removed, for the next delta snapshot.</summary>
    private sealed class ChangedKeys(InMemoryRowStore<TRow> rows) : IRowStore<TRow>
    {
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public TRow? Find(string key) => rows.Find(key);

        public void Put(TRow row)
        {
            Keys.Add(row.Key);
            rows.Put(row);
        }

        public void Remove(string key)
        {
            Keys.Add(key);
            rows.Remove(key);
        }

        public IEnumerable<TRow> All() => rows.All();
    }
}
