using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BlazorEs.Infrastructure.Replay;
using BlazorEs.Infrastructure.Streams.Snapshots;

namespace BlazorEs.Infrastructure.Integrity;

/// <summary>
/// Read-model snapshots are sealed rather than re-derived (replaying the log to check each one would cost a rebuild):
/// HMAC-SHA256 with the integrity key over "BlazorEs.Snapshot/1" ‖ projection name (length-prefixed UTF-8) ‖ position
/// ‖ kind ‖ base position (−1 for none) ‖ row count ‖ SHA-256 of the data ‖ the chain's hash at the snapshot's
/// position. A snapshot edited in the database, or moved to another history, no longer verifies. Stream snapshots the
/// same way over "BlazorEs.StreamSnapshot/1" ‖ stream id ‖ format (each length-prefixed UTF-8) ‖ version ‖ position ‖
/// SHA-256 of the state's UTF-8 ‖ the chain's hash at the position.
/// </summary>
public static class SnapshotSeal
{
    public static byte[] Compute(IntegrityKey key, ReadModelSnapshot snapshot, ReadOnlySpan<byte> chainHash) => key.Sign(Message(snapshot, chainHash));

    public static bool Verifies(IntegrityKey key, ReadModelSnapshot snapshot, ReadOnlySpan<byte> chainHash) =>
        snapshot.Seal is { Length: 32 } seal && key.Verifies(Message(snapshot, chainHash), seal);

    public static byte[] Compute(IntegrityKey key, StreamSnapshot snapshot, ReadOnlySpan<byte> chainHash) => key.Sign(Message(snapshot, chainHash));

    public static bool Verifies(IntegrityKey key, StreamSnapshot snapshot, ReadOnlySpan<byte> chainHash) =>
        snapshot.Seal is { Length: 32 } seal && key.Verifies(Message(snapshot, chainHash), seal);

    private static byte[] Message(StreamSnapshot s, ReadOnlySpan<byte> chainHash)
    {
        var tag = "BlazorEs.StreamSnapshot/1"u8;
        var stream = Encoding.UTF8.GetBytes(s.StreamId);
        var format = Encoding.UTF8.GetBytes(s.Format);
        var message = new byte[tag.Length + 4 + stream.Length + 4 + format.Length + 8 + 8 + 32 + EventHash.Size];
        var span = message.AsSpan();
        tag.CopyTo(span);
        var at = tag.Length;
        foreach (var part in new[] { stream, format })
        {
            BinaryPrimitives.WriteInt32BigEndian(span[at..], part.Length);
            part.CopyTo(span[(at + 4)..]);
            at += 4 + part.Length;
        }
        BinaryPrimitives.WriteInt64BigEndian(span[at..], s.Version);
        BinaryPrimitives.WriteInt64BigEndian(span[(at + 8)..], s.Position);
        SHA256.HashData(Encoding.UTF8.GetBytes(s.State), span.Slice(at + 16, 32));
        chainHash[..EventHash.Size].CopyTo(span[(at + 48)..]);
        return message;
    }

    private static byte[] Message(ReadModelSnapshot s, ReadOnlySpan<byte> chainHash)
    {
        var tag = "BlazorEs.Snapshot/1"u8;
        var name = Encoding.UTF8.GetBytes(s.Projection);
        var message = new byte[tag.Length + 4 + name.Length + 8 + 4 + 8 + 4 + 32 + EventHash.Size];
        var span = message.AsSpan();
        tag.CopyTo(span);
        var at = tag.Length;
        BinaryPrimitives.WriteInt32BigEndian(span[at..], name.Length);
        name.CopyTo(span[(at + 4)..]);
        at += 4 + name.Length;
        BinaryPrimitives.WriteInt64BigEndian(span[at..], s.Position);
        BinaryPrimitives.WriteInt32BigEndian(span[(at + 8)..], (int)s.Kind);
        BinaryPrimitives.WriteInt64BigEndian(span[(at + 12)..], s.BasePosition ?? -1);
        BinaryPrimitives.WriteInt32BigEndian(span[(at + 20)..], s.RowCount);
        SHA256.HashData(s.Data, span.Slice(at + 24, 32));
        chainHash[..EventHash.Size].CopyTo(span[(at + 56)..]);
        return message;
    }
}
