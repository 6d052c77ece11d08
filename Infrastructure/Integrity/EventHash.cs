using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace BlazorEs.Infrastructure.Integrity;

/// <summary>
/// The canonical bytes of an event and its link in the chain, defined here and nowhere else (docs/integrity.md says
/// the same for a third party). Two steps, so that the caller's thread does the long part before the writer assigns
/// positions:
/// <list type="number">
/// <item><b>Content digest</b> = SHA-256 over, in this order, each of StreamId, EventId, Type, SchemaVersion (decimal
/// digits), UserId, CommandName, CommandId, CorrelationId, CausationId, Data — each as a 4-byte big-endian length
/// followed by its UTF-8 bytes (Data is the JSON text exactly as stored).</item>
/// <item><b>Hash</b> = SHA-256 over PreviousHash (32 bytes; 32 zero bytes before the first event) ‖ Position ‖
/// StreamVersion ‖ RecordedAt as 100-ns ticks since 0001-01-01T00:00:00Z (each a signed 64-bit big-endian integer)
/// ‖ content digest (32 bytes).</item>
/// </list>
/// </summary>
public static class EventHash
{
    public const int Size = 32;
    private const int LinkSize = Size + 8 + 8 + 8 + Size;

    /// <summary>The hash before the first event.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[Size];

    /// <summary>The content digest of one event from its text fields (the writer, on the caller's thread).</summary>
    public static void Digest(string streamId, string eventId, string type, int schemaVersion, string userId, string commandName,
        string commandId, string correlationId, string causationId, string data, Span<byte> digest)
    {
        var max = 10 * 4 + 11 + Encoding.UTF8.GetMaxByteCount(streamId.Length + eventId.Length + type.Length + userId.Length
            + commandName.Length + commandId.Length + correlationId.Length + causationId.Length + data.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var w = new Canonical(rented);
            w.Add(streamId);
            w.Add(eventId);
            w.Add(type);
            w.Add(schemaVersion);
            w.Add(userId);
            w.Add(commandName);
            w.Add(commandId);
            w.Add(correlationId);
            w.Add(causationId);
            w.Add(data);
            SHA256.HashData(rented.AsSpan(0, w.Length), digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The content digest from the fields' UTF-8 bytes as a reader finds them in place (the verifier); <paramref name="scratch"/>
    /// is grown when too small and kept by the caller for the next row.
    /// </summary>
    public static void Digest(in EventFields e, ref byte[] scratch, Span<byte> digest)
    {
        var max = 10 * 4 + 11 + e.StreamId.Length + e.EventId.Length + e.Type.Length + e.UserId.Length + e.CommandName.Length
            + e.CommandId.Length + e.CorrelationId.Length + e.CausationId.Length + e.Data.Length;
        if (scratch.Length < max) scratch = new byte[Math.Max(max, scratch.Length * 2)];
        var w = new Canonical(scratch);
        w.Add(e.StreamId);
        w.Add(e.EventId);
        w.Add(e.Type);
        w.Add(e.SchemaVersion);
        w.Add(e.UserId);
        w.Add(e.CommandName);
        w.Add(e.CommandId);
        w.Add(e.CorrelationId);
        w.Add(e.CausationId);
        w.Add(e.Data);
        SHA256.HashData(scratch.AsSpan(0, w.Length), digest);
    }

    /// <summary>The event's hash: its place in the chain (previous hash, position, stream version, time) over its content digest.</summary>
    public static void Link(ReadOnlySpan<byte> previous, long position, long streamVersion, long recordedAtTicks, ReadOnlySpan<byte> digest, Span<byte> hash)
    {
        Span<byte> link = stackalloc byte[LinkSize];
        previous[..Size].CopyTo(link);
        BinaryPrimitives.WriteInt64BigEndian(link[Size..], position);
        BinaryPrimitives.WriteInt64BigEndian(link[(Size + 8)..], streamVersion);
        BinaryPrimitives.WriteInt64BigEndian(link[(Size + 16)..], recordedAtTicks);
        digest[..Size].CopyTo(link[(Size + 24)..]);
        SHA256.HashData(link, hash);
    }

    /// <summary>Lowercase hex, as the API, the exports and the docs show hashes.</summary>
    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    /// <summary>Length-prefixed fields written into a buffer known to be large enough.</summary>
    private ref struct Canonical(byte[] buffer)
    {
        public int Length { get; private set; }

        public void Add(string text)
        {
            var written = Encoding.UTF8.GetBytes(text, buffer.AsSpan(Length + 4));
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(Length), written);
            Length += 4 + written;
        }

        public void Add(ReadOnlySpan<byte> utf8)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(Length), utf8.Length);
            utf8.CopyTo(buffer.AsSpan(Length + 4));
            Length += 4 + utf8.Length;
        }

        public void Add(int number)
        {
            Utf8Formatter.TryFormat(number, buffer.AsSpan(Length + 4), out var written);
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(Length), written);
            Length += 4 + written;
        }
    }
}

/// <summary>An event row's hashed fields as UTF-8 bytes, read in place (no strings made).</summary>
public readonly ref struct EventFields
{
    public ReadOnlySpan<byte> StreamId { get; init; }
    public ReadOnlySpan<byte> EventId { get; init; }
    public ReadOnlySpan<byte> Type { get; init; }
    public int SchemaVersion { get; init; }
    public ReadOnlySpan<byte> UserId { get; init; }
    public ReadOnlySpan<byte> CommandName { get; init; }
    public ReadOnlySpan<byte> CommandId { get; init; }
    public ReadOnlySpan<byte> CorrelationId { get; init; }
    public ReadOnlySpan<byte> CausationId { get; init; }
    public ReadOnlySpan<byte> Data { get; init; }
}
