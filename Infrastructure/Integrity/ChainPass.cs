namespace BlazorEs.Infrastructure.Integrity;

/// <summary>
/// Walks rows in position order recomputing each hash from the one before (<see cref="EventHash"/>). It only notices
/// a break and where; <see cref="ChainVerifier"/> looks around the first one to name its kind. After a break it goes
/// on from the stored row, so one edit is one break, not one per later event.
/// </summary>
internal sealed class ChainPass
{
    private byte[] _previous;
    private byte[] _scratch = new byte[8192];
    private byte[] _command = [];
    private readonly Dictionary<long, byte[]?> _watched;

    public ChainPass(long after, byte[] previous, IEnumerable<long>? watch = null)
    {
        Through = after;
        _previous = previous;
        _watched = (watch ?? []).ToDictionary(p => p, _ => (byte[]?)null);
    }

    /// <summary>The last position checked, and its stored hash: where the next pass goes on from.</summary>
    public long Through { get; private set; }
    public byte[] Head => _previous;
    public long Checked { get; private set; }
    public long Breaks { get; private set; }
    public RowFinding? First { get; private set; }

    /// <summary>How many commands the events came from (a command's events are contiguous): the Commands table has as many rows.</summary>
    public long Commands { get; private set; }

    /// <summary>The stored hashes at the positions asked for (the checkpoints'), as the pass went by them.</summary>
    public IReadOnlyDictionary<long, byte[]?> Watched => _watched;

    public void Check(long position, long streamVersion, long recordedAtTicks, in EventFields fields, ReadOnlySpan<byte> storedPrevious, ReadOnlySpan<byte> storedHash)
    {
        Checked++;
        if (!fields.CommandId.SequenceEqual(_command))
        {
            Commands++;
            _command = fields.CommandId.ToArray();
        }
        Span<byte> digest = stackalloc byte[EventHash.Size];
        Span<byte> expected = stackalloc byte[EventHash.Size];
        EventHash.Digest(fields, ref _scratch, digest);
        EventHash.Link(_previous, position, streamVersion, recordedAtTicks, digest, expected);
        if (_watched.ContainsKey(position)) _watched[position] = storedHash.ToArray();

        var inPlace = position == Through + 1;
        if (inPlace && storedHash.SequenceEqual(expected) && storedPrevious.SequenceEqual(_previous))
        {
            Through = position;
            expected.CopyTo(_previous);
            return;
        }

        Breaks++;
        First ??= new RowFinding(position, inPlace ? null : Through + 1, _previous.ToArray(), expected.ToArray());
        Through = position;
        _previous = storedHash.Length == EventHash.Size ? storedHash.ToArray() : expected.ToArray();
    }
}

/// <summary>The first row that did not verify: its position (and the first missing one, for a gap), the link it should have had and the hash its content gives.</summary>
internal sealed record RowFinding(long Position, long? MissingFrom, byte[] ExpectedPrevious, byte[] ExpectedHash);
