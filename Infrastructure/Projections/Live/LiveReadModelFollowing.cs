using BlazorEs.Infrastructure.Cluster;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// The keeper on an instance that does not project: it keeps no rows in memory (queries read the tables, which the
/// projector keeps), and follows the stored checkpoint instead, so read-your-writes and the live push work here too.
/// </summary>
internal sealed partial class LiveReadModel<TRow>
{
    /// <summary>The projector's lease (null: a catalog of its own in a test, which always projects).</summary>
    public ProjectorLease? Lease { get; }

    /// <summary>Whether this instance applies events to this projection now.</summary>
    private bool Projects => Lease?.IsHolder ?? true;

    /// <summary>A mirror loaded under the epoch this instance holds now; after a take-over it is the table's no longer.</summary>
    private bool MirrorCurrent => _mirror is not null && _loadedEpoch == (Lease?.Epoch ?? 0);

    /// <summary>
    /// On an instance that does not project: takes the projection's state from its stored checkpoint row. When the
    /// checkpoint moved, the rows changed: announce it (all rows, keys unknown here) before moving the checkpoint, as
    /// the projector does, so a caller released by read-your-writes is never served a page cached before them.
    /// </summary>
    public async Task FollowAsync(ProjectionCheckpoint? stored, CancellationToken ct)
    {
        if (Projects) return;
        using var lease = await _locks.TryAcquireAsync(Name, TimeSpan.Zero, ct);
        if (lease is null || Projects) return;
        _mirror = null;
        var parkChanged = ParkedAt != stored?.ParkedAt;
        ParkedAt = stored?.ParkedAt;
        LastError = stored?.LastError;
        State = ParkedAt is null ? ProjectionState.Live : ProjectionState.Parked;
        var position = stored?.Position ?? 0;
        if (position > Checkpoint)
        {
            Publish([], allChanged: true, position);
            AdvanceCheckpoint(position);
        }
        else if (parkChanged) Signal();
    }

    /// <summary>
    /// On an instance that does not project: the projector's own announcement (through the cross-instance channel),
    /// with the keys it changed; raised here as it was there, then the checkpoint moves.
    /// </summary>
    public void FollowChange(ReadModelsChanged change)
    {
        if (Projects || change.Position <= Checkpoint) return;
        Publish(change.ChangedKeys, change.AllChanged, change.Position);
        AdvanceCheckpoint(change.Position);
    }

    /// <summary>Moves the checkpoint forward only: the poll and the channel may tell of the same commits in either order.</summary>
    private void AdvanceCheckpoint(long position)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _checkpoint);
            if (position <= current) return;
        } while (Interlocked.CompareExchange(ref _checkpoint, position, current) != current);
        Signal();
    }
}
