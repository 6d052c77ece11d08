using System.Text.Json;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Replay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Streams.Snapshots;

/// <summary>A stream's state folded up to <see cref="Version"/>: from the snapshot at <see cref="FromVersion"/> (0: from the start) with <see cref="Folded"/> events on it.</summary>
public sealed record FoldedStream<T>(T State, long Version, long FromVersion, int Folded);

/// <summary>
/// Loads a stream's state as of a version: the newest verified snapshot at or before it plus the events after that,
/// so a load folds at most <see cref="ReplayOptions.StreamSnapshotEvery"/> events once the stream has snapshots. A
/// load stores the state at each multiple of that interval it folded past (Axon's snapshot trigger does the like), so
/// the streams people and commands read get their snapshots without a pass over the log: after one load of a stream
/// to its end, a load as of any version folds at most one interval. A snapshot that does not
/// verify (edited in the database, or moved) or does not parse is passed over; the load folds from the start and
/// says so in the log. Writing one is best effort: a failure is logged, the load still answers.
/// </summary>
public sealed class StreamStates(StoreContextFactory factory, EventReader reader, ReplayOptions options, ILogger<StreamStates> logger, IntegrityKey? key = null)
{
    public EventReader Reader => reader;

    /// <summary>The stream's state as of <paramref name="toVersion"/> (its last version when there are fewer).</summary>
    public async Task<FoldedStream<T>> LoadAsync<T>(StreamStateKind<T> kind, string streamId, long toVersion = long.MaxValue, CancellationToken ct = default)
        where T : notnull
    {
        var (state, from) = kind.Snapshots && options.StreamSnapshotEvery > 0 && toVersion >= options.StreamSnapshotEvery
            ? await NewestSnapshotAsync(kind, streamId, toVersion, ct)
            : (kind.Initial, 0L);
        return await FoldAfterAsync(kind, streamId, state, from, toVersion, ct);
    }

    /// <summary><paramref name="state"/> at <paramref name="version"/> with the stream's events after it folded on, up to <paramref name="toVersion"/>.</summary>
    public async Task<FoldedStream<T>> FoldAfterAsync<T>(StreamStateKind<T> kind, string streamId, T state, long version, long toVersion = long.MaxValue, CancellationToken ct = default)
        where T : notnull
    {
        var every = kind.Snapshots ? options.StreamSnapshotEvery : 0;
        var from = version;
        List<(T State, long Version, long Position)>? due = null;
        var events = await reader.ReadStreamAsync(streamId, from + 1, toVersion, ct);
        foreach (var e in events)
        {
            state = kind.Evolve(state, e.Data);
            version = e.StreamVersion;
            if (every > 0 && version % every == 0) (due ??= []).Add((state, version, e.Position));
        }
        if (due is not null) await SaveAsync(kind, streamId, due, ct);
        return new FoldedStream<T>(state, version, from, events.Count);
    }

    private async Task<(T State, long Version)> NewestSnapshotAsync<T>(StreamStateKind<T> kind, string streamId, long toVersion, CancellationToken ct)
        where T : notnull
    {
        await using var db = factory.CreateReadSideContext();
        var found = await (
            from s in db.Set<StreamSnapshot>().AsNoTracking()
            join e in db.Events on s.Position equals e.Position
            where s.StreamId == streamId && s.Format == kind.Format && s.Version <= toVersion
            orderby s.Version descending
            select new { Snapshot = s, e.StreamId, e.StreamVersion, e.Hash }).FirstOrDefaultAsync(ct);
        if (found is null) return (kind.Initial, 0);
        var snapshot = found.Snapshot;
        var verifies = found.StreamId == streamId && found.StreamVersion == snapshot.Version
            && (key is null || found.Hash is not null && SnapshotSeal.Verifies(key, snapshot, found.Hash));
        if (!verifies)
        {
            logger.LogWarning("The snapshot of {StreamId} at version {Version} does not verify against the event there; folding the stream from its start.", streamId, snapshot.Version);
            return (kind.Initial, 0);
        }
        try
        {
            return (kind.Deserialize(snapshot.State), snapshot.Version);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "The snapshot of {StreamId} at version {Version} does not parse as {Format}; folding the stream from its start.", streamId, snapshot.Version, kind.Format);
            return (kind.Initial, 0);
        }
    }

    private async Task SaveAsync<T>(StreamStateKind<T> kind, string streamId, List<(T State, long Version, long Position)> due, CancellationToken ct)
        where T : notnull
    {
        try
        {
            await using var db = factory.CreateReadSideContext();
            var positions = due.Select(d => d.Position).ToList();
            var hashes = key is null
                ? null
                : await db.Events.AsNoTracking().Where(e => positions.Contains(e.Position)).Select(e => new { e.Position, e.Hash }).ToDictionaryAsync(e => e.Position, e => e.Hash, ct);
            var snapshots = new List<StreamSnapshot>(due.Count);
            foreach (var (state, version, position) in due)
            {
                var snapshot = new StreamSnapshot
                {
                    StreamId = streamId, Format = kind.Format, Version = version, Position = position, State = kind.Serialize(state), CreatedAt = DateTime.UtcNow,
                };
                if (hashes is not null)
                {
                    // Sealed with the chain's hash at the event; an event the chain has not reached yet gets its snapshot on a later load.
                    if (hashes.GetValueOrDefault(position) is not { } chainHash) continue;
                    snapshot.Seal = SnapshotSeal.Compute(key!, snapshot, chainHash);
                }
                snapshots.Add(snapshot);
            }
            if (snapshots.Count == 0) return;
            var versions = snapshots.Select(s => s.Version).ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Replaces those that did not verify (edited, or sealed with a key since rotated); one another load stored meanwhile is the same state.
            await db.Set<StreamSnapshot>().Where(s => s.StreamId == streamId && s.Format == kind.Format && versions.Contains(s.Version)).ExecuteDeleteAsync(ct);
            db.AddRange(snapshots);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (!ct.IsCancellationRequested)
        {
            // Another load (or instance) stored the same snapshots between the delete and the insert: the same states under the same keys.
            logger.LogDebug(ex, "The snapshots of {StreamId} were not stored.", streamId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The snapshots of {StreamId} could not be stored; loads fold its events instead.", streamId);
        }
    }
}
