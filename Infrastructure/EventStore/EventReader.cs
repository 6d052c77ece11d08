using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.EventStore;

/// <summary>
/// Reads history: one stream, everything after a position in batches, and filtered pages. The Read… methods that
/// return <see cref="StoredEvent"/> decode each event's data for projections, decisions and replay; those that return
/// <see cref="RecordedEvent"/> (the pages, <see cref="ReadRecordedStreamAsync"/>, <see cref="ReadRecordedAfterAsync"/>)
/// hand the stored JSON to readers that only show it, without decoding it.
/// </summary>
public sealed class EventReader(StoreContextFactory factory, EventTypeMap types)
{
    private readonly Func<DbDataReader, StoredEvent> _stored = r => EventRows.Stored(r, types);
    private readonly Func<DbDataReader, RecordedEvent> _recorded = r => EventRows.Recorded(r, types);

    /// <summary>One stream's events from <paramref name="fromVersion"/> to <paramref name="toVersion"/> (inclusive), in version order.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, long fromVersion = 1, long? toVersion = null, CancellationToken ct = default) =>
        await EventRows.StreamAsync(factory, _stored, streamId, fromVersion, toVersion ?? long.MaxValue, ct);

    /// <summary>Events with a position above <paramref name="afterPosition"/>, in position order.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int batchSize, long? toPosition = null, CancellationToken ct = default) =>
        await EventRows.AfterAsync(factory, _stored, afterPosition, toPosition ?? long.MaxValue, batchSize, ct);

    /// <summary>One stream's events as readers show them, in version order.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadRecordedStreamAsync(string streamId, CancellationToken ct = default) =>
        await EventRows.StreamAsync(factory, _recorded, streamId, 1, long.MaxValue, ct);

    /// <summary>One stream's events with versions in [<paramref name="fromVersion"/>, <paramref name="toVersion"/>] as readers show them: a page of a stream.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadRecordedStreamAsync(string streamId, long fromVersion, long toVersion, CancellationToken ct = default) =>
        await EventRows.StreamAsync(factory, _recorded, streamId, fromVersion, toVersion, ct);

    /// <summary>A stream's current version (its number of events); 0 when it has none.</summary>
    public async Task<long> StreamVersionAsync(string streamId, CancellationToken ct = default)
    {
        await using var db = factory.CreateContext();
        return await db.Events.Where(e => e.StreamId == streamId).MaxAsync(e => (long?)e.StreamVersion, ct) ?? 0;
    }

    /// <summary>The stream's version as of <paramref name="at"/>: its last event recorded then or before; 0 when none was.</summary>
    public async Task<long> StreamVersionAtAsync(string streamId, DateTime at, CancellationToken ct = default)
    {
        await using var db = factory.CreateContext();
        return await db.Events.Where(e => e.StreamId == streamId && e.RecordedAt <= at).OrderByDescending(e => e.StreamVersion)
            .Select(e => (long?)e.StreamVersion).FirstOrDefaultAsync(ct) ?? 0;
    }

    /// <summary>
    /// At most <paramref name="limit"/> events in (<paramref name="afterPosition"/>, <paramref name="toPosition"/>] as
    /// readers show them, in position order (a live client catching up, one event's detail).
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadRecordedAfterAsync(long afterPosition, int limit, long? toPosition = null, CancellationToken ct = default) =>
        await EventRows.AfterAsync(factory, _recorded, afterPosition, toPosition ?? long.MaxValue, limit, ct);

    /// <summary>
    /// Every event in (<paramref name="afterPosition"/>, <paramref name="toPosition"/>] in position order, in batches of
    /// up to <paramref name="batchSize"/>: the loop of every pass over the log (replay, rebuild tails, snapshots).
    /// Without <paramref name="toPosition"/> it reads until it finds no more. A short batch was the end when it was read
    /// (positions become visible in order), so it is the last: no second query only to find nothing.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<StoredEvent>> ReadBatchesAsync(
        long afterPosition, int batchSize, long? toPosition = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var cursor = afterPosition; toPosition is null || cursor < toPosition;)
        {
            var batch = await ReadAllAsync(cursor, batchSize, toPosition, ct);
            if (batch.Count == 0) yield break;
            yield return batch;
            if (batch.Count < batchSize) yield break;
            cursor = batch[^1].Position;
        }
    }

    /// <summary>
    /// Every event in (<paramref name="afterPosition"/>, <paramref name="toPosition"/>] in position order, in batches,
    /// read ahead on another thread while the caller works on the batch before: a rebuild's one pass over the whole
    /// log, which keeps both cores busy (one reads and deserializes, the other applies). On SQLite it is one statement
    /// (<see cref="SqliteLogScan"/>); elsewhere the batched reads of <see cref="ReadBatchesAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<StoredEvent>> ScanAsync(
        long afterPosition, long toPosition, int batchSize, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var batches = Channel.CreateBounded<IReadOnlyList<StoredEvent>>(new BoundedChannelOptions(ScanReadAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => ScanIntoAsync(batches.Writer, afterPosition, toPosition, batchSize, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(ct)) yield return batch;
        }
        finally
        {
            // The caller stopped early (or failed): the reader stops too and is waited for, so no read outlives the scan.
            await stop.CancelAsync();
            await reading;
        }
    }

    private const int ScanReadAhead = 1; // batches waiting beyond the one being read: few, so events die young (see RebuildPass)

    /// <summary>
    /// The scan of <see cref="ScanAsync"/> into a channel the caller reads (an "as of" starts it before it needs the
    /// events): fills <paramref name="batches"/> and completes it, with the error if the read failed; never throws.
    /// </summary>
    internal async Task ScanIntoAsync(ChannelWriter<IReadOnlyList<StoredEvent>> batches, long after, long to, int batchSize, CancellationToken ct)
    {
        try
        {
            if (factory.Provider == DatabaseProvider.Sqlite)
            {
                await using var db = factory.CreateContext();
                // Opened through EF so the connection interceptors (SQLite pragmas) run as for every other read.
                await db.Database.OpenConnectionAsync(ct);
                foreach (var batch in SqliteLogScan.Read((SqliteConnection)db.Database.GetDbConnection(), types, after, to, batchSize, ct))
                    await batches.WriteAsync(batch, ct);
            }
            else
            {
                await foreach (var batch in ReadBatchesAsync(after, batchSize, to, ct))
                    await batches.WriteAsync(batch, ct);
            }
            batches.Complete();
        }
        catch (Exception ex)
        {
            batches.Complete(ex);
        }
    }

    /// <summary>
    /// A filtered page as readers show it (the timeline, the API, recent activity). Forward: positions above
    /// <paramref name="cursor"/> ascending. Backward (newest first): positions below <paramref name="cursor"/> descending.
    /// </summary>
    public async Task<EventPage> ReadPageAsync(EventFilter filter, long? cursor, int limit, bool newestFirst = false, CancellationToken ct = default)
    {
        var (rows, next) = await PageRowsAsync(filter, cursor, limit, newestFirst, ct);
        return new EventPage(rows.ConvertAll(ToRecorded), next);
    }

    private async Task<(List<EventRecord> Rows, long? Next)> PageRowsAsync(EventFilter filter, long? cursor, int limit, bool newestFirst, CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        var query = Filter(db.Events.AsNoTracking(), filter);
        if (filter.From is not null || filter.To is not null)
        {
            // Left alone, SQLite answers a time filter ordered by position by walking positions from the head back to the
            // window and testing each row's time: seconds for an old window in a large store. Recorded-at never runs
            // backwards along positions (the writer takes at least the newest stored time, under the append lock), so the
            // window's first position is the first time-index entry at or after From, its last the last one at or before
            // To: two index seeks, whatever the window holds. Bounded by them, the page walks only its own rows.
            long? first = filter.From is { } from
                ? await db.Events.Where(e => e.RecordedAt >= from).OrderBy(e => e.RecordedAt).ThenBy(e => e.Position).Select(e => (long?)e.Position).FirstOrDefaultAsync(ct)
                : 0;
            long? last = filter.To is { } to
                ? await db.Events.Where(e => e.RecordedAt <= to).OrderByDescending(e => e.RecordedAt).ThenByDescending(e => e.Position).Select(e => (long?)e.Position).FirstOrDefaultAsync(ct)
                : long.MaxValue;
            if (first is null || last is null || first > last) return ([], null);
            query = query.Where(e => e.Position >= first.Value && e.Position <= last.Value);
        }
        if (newestFirst)
        {
            if (cursor is { } before) query = query.Where(e => e.Position < before);
            query = query.OrderByDescending(e => e.Position);
        }
        else
        {
            if (cursor is { } after) query = query.Where(e => e.Position > after);
            query = query.OrderBy(e => e.Position);
        }
        var rows = await query.Take(limit + 1).ToListAsync(ct);
        long? next = rows.Count > limit ? rows[limit - 1].Position : null;
        if (rows.Count > limit) rows.RemoveAt(limit);
        return (rows, next);
    }

    public async Task<int> CountAsync(EventFilter filter, CancellationToken ct = default)
    {
        await using var db = factory.CreateContext();
        return await Filter(db.Events.AsNoTracking(), filter).CountAsync(ct);
    }

    public async Task<long> HeadPositionAsync(CancellationToken ct = default)
    {
        await using var db = factory.CreateContext();
        return await db.Events.MaxAsync(e => (long?)e.Position, ct) ?? 0;
    }

    /// <summary>The result first recorded for <paramref name="commandId"/>, marked duplicate; null when no such command committed.</summary>
    public async Task<CommitResult?> CommandResultAsync(string commandId, CancellationToken ct = default)
    {
        await using var db = factory.CreateContext();
        var json = await db.Commands.AsNoTracking().Where(c => c.CommandId == commandId).Select(c => c.Result).FirstOrDefaultAsync(ct);
        return json is null ? null : JsonSerializer.Deserialize<CommitResult>(json, EventTypeMap.Json)! with { Duplicate = true };
    }

    /// <summary>The first 1,000 events of a conversation, decoded (a compensation plans from them).</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadCorrelationAsync(string correlationId, CancellationToken ct = default)
    {
        var (rows, _) = await PageRowsAsync(new EventFilter(CorrelationId: correlationId), null, MaxCorrelation, false, ct);
        return rows.ConvertAll(ToStored);
    }

    /// <summary>The same conversation as readers show it (the timeline drawer's causation chain).</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadRecordedCorrelationAsync(string correlationId, CancellationToken ct = default) =>
        (await ReadPageAsync(new EventFilter(CorrelationId: correlationId), null, MaxCorrelation, ct: ct)).Events;

    private const int MaxCorrelation = 1000;

    /// <summary>
    /// The position of the event <paramref name="skip"/> places below <paramref name="before"/>, newest first (null
    /// past the end): a virtualized list jumps into a filtered view without reading the rows in between.
    /// </summary>
    public async Task<long?> PositionAtAsync(EventFilter filter, long before, int skip, CancellationToken ct = default)
    {
        await using var db = factory.CreateContext();
        return await Filter(db.Events.AsNoTracking(), filter)
            .Where(e => e.Position < before)
            .OrderByDescending(e => e.Position)
            .Skip(skip)
            .Select(e => (long?)e.Position)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// The streams of the events of <paramref name="type"/> at or before <paramref name="toPosition"/>, newest event
    /// first, <paramref name="skip"/> of them passed over, each with its event's position (the next page's
    /// <paramref name="toPosition"/> is the last one's minus one): one seek in the (Type, Position) index and the page's
    /// entries. For a type that starts its stream (an order's OrderPlaced) these are the streams that existed then.
    /// </summary>
    public async Task<IReadOnlyList<(string StreamId, long Position)>> StreamsOfTypeAsync(string type, long toPosition, int skip, int take, CancellationToken ct = default)
    {
        await using var db = factory.CreateContext();
        var rows = await db.Events.AsNoTracking()
            .Where(e => e.Type == type && e.Position <= toPosition)
            .OrderByDescending(e => e.Position)
            .Skip(skip)
            .Take(take)
            .Select(e => new { e.StreamId, e.Position })
            .ToListAsync(ct);
        return rows.ConvertAll(r => (r.StreamId, r.Position));
    }

    /// <summary>
    /// The streams written between two positions (after <paramref name="afterPosition"/>, at or before
    /// <paramref name="toPosition"/>), each once: a range of the position index, as long as the window, not the history.
    /// </summary>
    public async Task<IReadOnlyList<string>> StreamsWrittenBetweenAsync(long afterPosition, long toPosition, CancellationToken ct = default)
    {
        if (toPosition <= afterPosition) return [];
        await using var db = factory.CreateContext();
        return await db.Events.AsNoTracking()
            .Where(e => e.Position > afterPosition && e.Position <= toPosition)
            .Select(e => e.StreamId)
            .Distinct()
            .ToListAsync(ct);
    }

    /// <summary>The most streams one <see cref="ReadStreamsAsync"/> takes.</summary>
    public const int MaxStreamsPerRead = EventRows.MaxStreams;

    /// <summary>
    /// Every event of <paramref name="streamIds"/> at or before <paramref name="toPosition"/>, in position order: a
    /// page of short streams (orders) folded as of a point, one seek per stream in the (StreamId, StreamVersion) index.
    /// </summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadStreamsAsync(IReadOnlyList<string> streamIds, long toPosition, CancellationToken ct = default) =>
        streamIds.Count == 0 ? [] : await EventRows.StreamsAsync(factory, _stored, streamIds, toPosition, ct);

    /// <summary>Stream ids that start with <paramref name="prefix"/> (ordinal), in order, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<string>> FindStreamIdsAsync(string prefix, int limit, CancellationToken ct = default)
    {
        await using var db = factory.CreateContext();
        // Every stream has exactly one version 1, so no DISTINCT is needed.
        var query = db.Events.AsNoTracking().Where(e => e.StreamVersion == 1 && e.StreamId.StartsWith(prefix));
        if (factory.Provider == DatabaseProvider.Sqlite)
        {
            // SQLite's LIKE cannot use the (StreamId, StreamVersion) index; a BINARY range can.
            var upper = prefix + char.MaxValue;
            query = query.Where(e => string.Compare(e.StreamId, prefix) >= 0 && string.Compare(e.StreamId, upper) < 0);
        }
        return await query.OrderBy(e => e.StreamId).Select(e => e.StreamId).Take(limit).ToListAsync(ct);
    }

    internal static IQueryable<EventRecord> Filter(IQueryable<EventRecord> query, EventFilter filter)
    {
        if (!string.IsNullOrEmpty(filter.StreamId)) query = query.Where(e => e.StreamId == filter.StreamId);
        if (!string.IsNullOrEmpty(filter.Type)) query = query.Where(e => e.Type == filter.Type);
        if (!string.IsNullOrEmpty(filter.UserId)) query = query.Where(e => e.UserId == filter.UserId);
        if (!string.IsNullOrEmpty(filter.CorrelationId)) query = query.Where(e => e.CorrelationId == filter.CorrelationId);
        if (filter.From is { } from) query = query.Where(e => e.RecordedAt >= from);
        if (filter.To is { } to) query = query.Where(e => e.RecordedAt <= to);
        return query;
    }

    public StoredEvent ToStored(EventRecord r) => new(
        r.Position, r.EventId, r.StreamId, r.StreamVersion, r.Type, r.SchemaVersion, r.RecordedAt,
        types.Deserialize(r.Type, r.SchemaVersion, r.Data), MetadataOf(r))
    {
        Json = types.IsCurrent(r.Type, r.SchemaVersion) ? r.Data : null,
    };

    /// <summary>A table row as readers show it: the Data column's text passed through (upcast as JSON when older).</summary>
    public RecordedEvent ToRecorded(EventRecord r) => new(
        r.Position, r.EventId, r.StreamId, r.StreamVersion, r.Type, r.SchemaVersion, r.RecordedAt,
        r.UserId, r.CommandName, r.CommandId, r.CorrelationId, r.CausationId, types.CurrentJson(r.Type, r.SchemaVersion, r.Data));

    private static EventMetadata MetadataOf(EventRecord r) => new(r.UserId, r.CommandName, r.CommandId, r.CorrelationId, r.CausationId);
}
