using System.Buffers;
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
/// MemoryPack binary compressed with LZ4. A full snapshot holds its rows in chunks of <see cref="RowsPerChunk"/>
/// (a count, then each chunk's length and bytes) that decode in parallel: restoring the largest read model is what
/// an "as of" query waits for, and one chunk per core divides that wait. MemoryPack's layout is positional, so the
/// fingerprint makes a snapshot of rows with other members unreadable rather than misread, and the magic keeps a
/// delta from being read as all rows; anything unreadable (including the formats of earlier builds) is skipped by
/// replay and rewritten by the snapshot writer.
/// </summary>
internal static class SnapshotFormat<TRow> where TRow : class
{
    private const byte Version = 2; // 1: a full snapshot's rows in one piece
    private const int HeaderLength = 9;

    /// <summary>Rows per chunk of a full snapshot: about 2 MB of order summaries before compression.</summary>
    internal const int RowsPerChunk = 10_000;
    private static readonly byte[] FullMagic = "BESN"u8.ToArray();
    private static readonly byte[] DeltaMagic = "BESD"u8.ToArray();
    private static readonly uint Fingerprint = ShapeOf(typeof(TRow));

    public static byte[] Encode(TRow[] rows) => Assemble(rows.Chunk(RowsPerChunk).Select(PackChunk).ToList());

    /// <summary>One chunk of a full snapshot (at most <see cref="RowsPerChunk"/> rows), for <see cref="Assemble"/>: a table is read and packed chunk by chunk.</summary>
    public static byte[] PackChunk(TRow[] rows) => Pack(rows);

    /// <summary>A full snapshot of the chunks <see cref="PackChunk"/> made, in order.</summary>
    public static byte[] Assemble(IReadOnlyList<byte[]> chunks)
    {
        var snapshot = new byte[HeaderLength + 4 + chunks.Sum(c => 4 + c.Length)];
        WriteHeader(FullMagic, snapshot);
        var at = HeaderLength;
        BinaryPrimitives.WriteInt32LittleEndian(snapshot.AsSpan(at), chunks.Count);
        at += 4;
        foreach (var chunk in chunks)
        {
            BinaryPrimitives.WriteInt32LittleEndian(snapshot.AsSpan(at), chunk.Length);
            chunk.CopyTo(snapshot, at + 4);
            at += 4 + chunk.Length;
        }
        return snapshot;
    }

    /// <summary>Whether this build reads <paramref name="snapshot"/> (full or delta) by its header: its format version and row shape.</summary>
    public static bool IsReadable(byte[] snapshot) =>
        snapshot.Length >= HeaderLength
        && (snapshot.AsSpan(0, 4).SequenceEqual(FullMagic) || snapshot.AsSpan(0, 4).SequenceEqual(DeltaMagic))
        && snapshot[4] == Version
        && BinaryPrimitives.ReadUInt32LittleEndian(snapshot.AsSpan(5)) == Fingerprint;

    public static byte[] EncodeDelta(RowChanges<TRow> changes) => Wrap(DeltaMagic, Pack(changes));

    /// <summary>All rows of a full snapshot, its chunks decoded in parallel.</summary>
    public static TRow[] Decode(byte[] snapshot)
    {
        CheckHeader(FullMagic, snapshot, "snapshot");
        var chunks = Chunks(snapshot);
        var decoded = new TRow[chunks.Count][];
        try
        {
            Parallel.For(0, chunks.Count, i => decoded[i] = Unpack<TRow[]>(snapshot.AsSpan(chunks[i].Start, chunks[i].Length), "snapshot") ?? []);
        }
        catch (AggregateException ex) when (ex.InnerExceptions[0] is SnapshotUnreadableException unreadable)
        {
            throw unreadable;
        }
        if (decoded.Length == 1) return decoded[0];
        var rows = new TRow[decoded.Sum(chunk => chunk.Length)];
        var at = 0;
        foreach (var chunk in decoded)
        {
            chunk.CopyTo(rows, at);
            at += chunk.Length;
        }
        return rows;
    }

    public static RowChanges<TRow> DecodeDelta(byte[] snapshot)
    {
        CheckHeader(DeltaMagic, snapshot, "delta snapshot");
        return Unpack<RowChanges<TRow>>(snapshot.AsSpan(HeaderLength), "delta snapshot") ?? new RowChanges<TRow>([], []);
    }

    private static byte[] Pack<T>(T value) => LZ4Pickler.Pickle(MemoryPackSerializer.Serialize(value, MemoryPackSerializerOptions.Utf8), LZ4Level.L00_FAST);

    private static byte[] Wrap(byte[] magic, byte[] packed)
    {
        var snapshot = new byte[HeaderLength + packed.Length];
        WriteHeader(magic, snapshot);
        packed.CopyTo(snapshot, HeaderLength);
        return snapshot;
    }

    private static void WriteHeader(byte[] magic, byte[] snapshot)
    {
        magic.CopyTo(snapshot, 0);
        snapshot[4] = Version;
        BinaryPrimitives.WriteUInt32LittleEndian(snapshot.AsSpan(5), Fingerprint);
    }

    private static void CheckHeader(byte[] magic, byte[] snapshot, string kind)
    {
        if (snapshot.Length < HeaderLength || !snapshot.AsSpan(0, 4).SequenceEqual(magic))
            throw new SnapshotUnreadableException($"Not a {typeof(TRow).Name} {kind} of this format (an older format, another kind, or damaged).");
        if (snapshot[4] != Version)
            throw new SnapshotUnreadableException($"{typeof(TRow).Name} {kind} format version {snapshot[4]}; this build reads version {Version}.");
        if (BinaryPrimitives.ReadUInt32LittleEndian(snapshot.AsSpan(5)) != Fingerprint)
            throw new SnapshotUnreadableException($"The {typeof(TRow).Name} {kind} holds rows of another shape (the row type changed since).");
    }

    /// <summary>Where each chunk of a full snapshot lies; unreadable when the lengths do not add up to the bytes stored.</summary>
    private static List<(int Start, int Length)> Chunks(byte[] snapshot)
    {
        SnapshotUnreadableException Damaged() => new($"The {typeof(TRow).Name} snapshot is damaged (its chunks do not add up to its length).");
        if (snapshot.Length < HeaderLength + 4) throw Damaged();
        var count = BinaryPrimitives.ReadInt32LittleEndian(snapshot.AsSpan(HeaderLength));
        var chunks = new List<(int, int)>();
        var at = HeaderLength + 4;
        for (var i = 0; i < count; i++)
        {
            if (snapshot.Length - at < 4) throw Damaged();
            var length = BinaryPrimitives.ReadInt32LittleEndian(snapshot.AsSpan(at));
            if (length < 0 || length > snapshot.Length - at - 4) throw Damaged();
            chunks.Add((at + 4, length));
            at += 4 + length;
        }
        if (count < 0 || at != snapshot.Length) throw Damaged();
        return chunks;
    }

    /// <summary>
    /// Decompresses into a pooled buffer: a chunk unpacks to megabytes, and a fresh array each time would land on the
    /// large object heap and bring on full collections while the decoded rows are still being built.
    /// </summary>
    private static T? Unpack<T>(ReadOnlySpan<byte> packed, string kind)
    {
        byte[]? buffer = null;
        try
        {
            var size = LZ4Pickler.UnpickledSize(packed);
            if (size < 0 || size > 255L * packed.Length + 64) throw new InvalidDataException($"An unpacked size of {size} bytes is more than LZ4 can give.");
            buffer = ArrayPool<byte>.Shared.Rent(size);
            LZ4Pickler.Unpickle(packed, buffer.AsSpan(0, size));
            return MemoryPackSerializer.Deserialize<T>(buffer.AsSpan(0, size));
        }
        catch (Exception ex) when (ex is MemoryPackSerializationException or InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new SnapshotUnreadableException($"The {typeof(TRow).Name} {kind} is damaged.", ex);
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
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
