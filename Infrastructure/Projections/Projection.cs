using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Replay;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>What the runner, rebuild and replay need to know of a projection without knowing its row type.</summary>
public interface IProjection
{
    /// <summary>Stable name: the checkpoint key and the name operators and the API use.</summary>
    string Name { get; }

    /// <summary>The live table the rows live in.</summary>
    string Table { get; }

    Type RowType { get; }

    /// <summary>Empty rows in memory, fed by this projection's Apply.</summary>
    IProjectionMemory NewMemory();

    /// <summary>Rows in memory restored from a snapshot.</summary>
    IProjectionMemory Restore(byte[] snapshot);

    /// <summary>Whether this build reads a stored snapshot of this projection (its header's format and row shape).</summary>
    bool CanRead(byte[] snapshot);

    /// <summary>
    /// A snapshot of the live table in <paramref name="db"/>'s open transaction: all rows (<paramref name="keys"/> null),
    /// or a delta of the rows under <paramref name="keys"/>.
    /// </summary>
    Task<TableSnapshotData> ReadTableAsync(EventStoreDbContext db, IReadOnlyCollection<string>? keys, CancellationToken ct);
}

/// <summary>A projection: pure Apply logic from events to rows of one table.</summary>
public abstract class Projection<TRow> : IProjection where TRow : class, IReadModelRow
{
    public abstract string Name { get; }

    public abstract string Table { get; }

    public Type RowType => typeof(TRow);

    public IProjectionMemory NewMemory() => new ProjectionMemory<TRow>(this, new InMemoryRowStore<TRow>());

    public IProjectionMemory Restore(byte[] snapshot) => ProjectionMemory<TRow>.Restore(this, snapshot);

    public bool CanRead(byte[] snapshot) => SnapshotFormat<TRow>.IsReadable(snapshot);

    public Task<TableSnapshotData> ReadTableAsync(EventStoreDbContext db, IReadOnlyCollection<string>? keys, CancellationToken ct) =>
        keys is null ? TableSnapshot<TRow>.FullAsync(db, Table, ct) : TableSnapshot<TRow>.DeltaAsync(db, Table, keys, ct);

    /// <summary>Applies one event. Must be deterministic and touch nothing but <paramref name="rows"/>.</summary>
    public abstract void Apply(StoredEvent e, IRowStore<TRow> rows);
}
