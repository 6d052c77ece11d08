using System.IO.Compression;
using System.Text.Json;
using BlazorEs.Infrastructure.EventStore;

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

    /// <summary>The rows as compressed JSON, for a snapshot.</summary>
    byte[] Snapshot();
}

internal sealed class ProjectionMemory<TRow>(Projection<TRow> projection, InMemoryRowStore<TRow> rows) : IProjectionMemory
    where TRow : class, IReadModelRow
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IProjection Projection => projection;

    public int Count => rows.Count;

    public IReadOnlyList<object> Rows => rows.All().OrderBy(r => r.Key, StringComparer.Ordinal).ToList<object>();

    public void Apply(StoredEvent e) => projection.Apply(e, rows);

    public byte[] Snapshot()
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            JsonSerializer.Serialize(zip, rows.All().ToArray(), Json);
        return buffer.ToArray();
    }

    public static ProjectionMemory<TRow> Restore(Projection<TRow> projection, byte[] snapshot)
    {
        using var zip = new GZipStream(new MemoryStream(snapshot), CompressionMode.Decompress);
        var restored = JsonSerializer.Deserialize<TRow[]>(zip, Json) ?? [];
        return new ProjectionMemory<TRow>(projection, new InMemoryRowStore<TRow>(restored));
    }
}
