using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>A snapshot read from a live table (<see cref="TableSnapshot{TRow}"/>): its bytes and the table's row count.</summary>
public sealed record TableSnapshotData(byte[] Data, int RowCount);

/// <summary>
/// A projection's snapshot read from its live table, inside the caller's transaction (which the snapshot writer pins
/// at the table's checkpoint): every row, read and packed chunk by chunk so no more than one chunk of rows is held at
/// once, or only the rows under the given keys (a delta: those found are put, the others removed).
/// </summary>
internal static class TableSnapshot<TRow> where TRow : class, IReadModelRow
{
    private const int KeysPerQuery = 500;

    public static async Task<TableSnapshotData> FullAsync(EventStoreDbContext db, string table, CancellationToken ct)
    {
        var chunks = new List<byte[]>();
        var chunk = new List<TRow>(SnapshotFormat<TRow>.RowsPerChunk);
        var count = 0;
        await foreach (var row in db.Set<TRow>(table).AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            chunk.Add(row);
            count++;
            if (chunk.Count < SnapshotFormat<TRow>.RowsPerChunk) continue;
            chunks.Add(SnapshotFormat<TRow>.PackChunk(chunk.ToArray()));
            chunk.Clear();
        }
        if (chunk.Count > 0) chunks.Add(SnapshotFormat<TRow>.PackChunk(chunk.ToArray()));
        return new TableSnapshotData(SnapshotFormat<TRow>.Assemble(chunks), count);
    }

    public static async Task<TableSnapshotData> DeltaAsync(EventStoreDbContext db, string table, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var key = db.Model.FindEntityType(table)?.FindPrimaryKey()?.Properties.Single().Name
            ?? throw new InvalidOperationException($"No entity type {table} with a one-column key in the model.");
        var put = new List<TRow>(keys.Count);
        foreach (var some in keys.Chunk(KeysPerQuery))
            put.AddRange(await db.Set<TRow>(table).AsNoTracking().Where(r => some.Contains(EF.Property<string>(r, key))).ToListAsync(ct));
        var found = put.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var removed = keys.Where(k => !found.Contains(k)).ToArray();
        var count = await db.Set<TRow>(table).CountAsync(ct);
        return new TableSnapshotData(SnapshotFormat<TRow>.EncodeDelta(new RowChanges<TRow>(put.ToArray(), removed)), count);
    }
}
