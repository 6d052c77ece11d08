using System.Buffers.Binary;
using System.Reflection;
using System.Text;
using K4os.Compression.LZ4;
using MemoryPack;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>A stored snapshot this build cannot read: an older format, rows of another shape, or damaged bytes.</summary>
public sealed class SnapshotUnreadableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The rows a delta snapshot changes: rows put (new or changed) and keys removed since the snapshot it builds on.</summary>
[MemoryPackable]
internal sealed partial record RowChanges<TRow>(TRow[] Put, string[] Removed) where TRow : class;

/// <summary>
/// How a read model's rows are stored in a snapshot: a 9-byte header (magic — "BESN" for all rows, "BESD" for the
/// rows changed since the previous snapshot — format version, fingerprint of the row type's shape) and the rows as
/// MemoryPack binary compressed with LZ4. Restoring is what an "as of" query waits for, and this decodes several
/// times faster than the gzip JSON it replaces. MemoryPack's layout is positional, so the fingerprint makes a
/// snapshot of rows with other members unreadable rather than misread, and the magic keeps a delta from being read
/// as all rows; anything unreadable (including the gzip JSON of earlier builds) is skipped by replay and rewritten
/// by the snapshot writer.
/// </summary>
internal static class SnapshotFormat<TRow> where TRow : class
{
    private const byte Version = 1;
    private const int HeaderLength = 9;
    private static readonly byte[] FullMagic = "BESN"u8.ToArray();
    private static readonly byte[] DeltaMagic = "BESD"u8.ToArray();
    private static readonly uint Fingerprint = ShapeOf(typeof(TRow));

    public static byte[] Encode(TRow[] rows) => Wrap(FullMagic, MemoryPackSerializer.Serialize(rows, MemoryPackSerializerOptions.Utf8));

    public static byte[] EncodeDelta(RowChanges<TRow> changes) => Wrap(DeltaMagic, MemoryPackSerializer.Serialize(changes, MemoryPackSerializerOptions.Utf8));

    public static TRow[] Decode(byte[] snapshot) => Unwrap<TRow[]>(FullMagic, snapshot, "snapshot") ?? [];

    public static RowChanges<TRow> DecodeDelta(byte[] snapshot) =>
        Unwrap<RowChanges<TRow>>(DeltaMagic, snapshot, "delta snapshot") ?? new RowChanges<TRow>([], []);

    private static byte[] Wrap(byte[] magic, byte[] body)
    {
        var packed = LZ4Pickler.Pickle(body, LZ4Level.L00_FAST);
        var snapshot = new byte[HeaderLength + packed.Length];
        magic.CopyTo(snapshot, 0);
        snapshot[4] = Version;
        BinaryPrimitives.WriteUInt32LittleEndian(snapshot.AsSpan(5), Fingerprint);
        packed.CopyTo(snapshot, HeaderLength);
        return snapshot;
    }

    private static T? Unwrap<T>(byte[] magic, byte[] snapshot, string kind)
    {
        if (snapshot.Length < HeaderLength || !snapshot.AsSpan(0, 4).SequenceEqual(magic))
            throw new SnapshotUnreadableException($"Not a {typeof(TRow).Name} {kind} of this format (an older format, another kind, or damaged).");
        if (snapshot[4] != Version)
            throw new SnapshotUnreadableException($"{typeof(TRow).Name} {kind} format version {snapshot[4]}; this build reads version {Version}.");
        if (BinaryPrimitives.ReadUInt32LittleEndian(snapshot.AsSpan(5)) != Fingerprint)
            throw new SnapshotUnreadableException($"The {typeof(TRow).Name} {kind} holds rows of another shape (the row type changed since).");
        try
        {
            return MemoryPackSerializer.Deserialize<T>(LZ4Pickler.Unpickle(snapshot.AsSpan(HeaderLength)));
        }
        catch (Exception ex) when (ex is MemoryPackSerializationException or InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new SnapshotUnreadableException($"The {typeof(TRow).Name} {kind} is damaged.", ex);
        }
    }

    /// <summary>FNV-1a over the serialized members' names and types, in declaration order (MemoryPack's order).</summary>
    private static uint ShapeOf(Type type)
    {
        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .OrderBy(p => p.MetadataToken)
            .Select(p => $"{p.Name}:{p.PropertyType.FullName}");
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(string.Join(';', members)))
            hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
