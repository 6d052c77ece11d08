using System.Data;
using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Threading.Channels;
using System.Diagnostics;
using BlazorEs.Infrastructure.Telemetry;
using BlazorEs.Infrastructure.Crash;
using BlazorEs.Infrastructure.Limits;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.EventStore;

/// <summary>
/// The only path that writes events. Concurrent appends queue to one writer that commits whatever is waiting in
/// one transaction (group commit: one fsync for many commands) while each command stays all-or-nothing inside
/// it (checked before writing, and a savepoint of its own). Positions are assigned here, inside the
/// transaction, so they become visible strictly in order.
/// </summary>
public sealed class EventStoreWriter : IAsyncDisposable
{
    private const int MaxCommitsPerBatch = 512;
    private const int MaxEventsPerBatch = 20_000;

    /// <summary>How many commands share each group commit (and its fsync): what group commit buys under load.</summary>
    public static readonly Meter Meter = new("BlazorEs.EventStore");
    private static readonly Histogram<int> CommandsPerBatch = Meter.CreateHistogram<int>("blazores.append.batch.commands", "{command}");
    private static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>("blazores.events.appended", "{event}", "Events committed to the log.");

    private readonly StoreContextFactory _factory;
    private readonly EventTypeMap _types;
    private readonly ILogger<EventStoreWriter> _logger;
    private readonly StoreHead? _head;
    private readonly Channel<PendingAppend> _queue;
    private readonly int _capacity;
    private readonly Task _loop;
    private DateTime _lastRecordedAt = DateTime.MinValue;
    private volatile bool _disposed;
    private readonly TimeProvider _clock;

    public EventStoreWriter(StoreContextFactory factory, EventTypeMap types, ILogger<EventStoreWriter> logger, StoreHead? head = null, WorkLimits? limits = null, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        // Bounded, and never waited on: a full queue answers the command at once (503 with Retry-After), never a hang.
        _capacity = (limits ?? new WorkLimits()).WriterQueue;
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(_capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _head = head;
        _factory = factory;
        _types = types;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public Task<CommitResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Streams.Count == 0 || request.Streams.All(s => s.Events.Count == 0))
            throw new ArgumentException("An append needs at least one event.", nameof(request));

        // Serialize on the caller's thread so the single writer only writes.
        var streams = request.Streams
            .Where(s => s.Events.Count > 0)
            .Select(s => PrepareStream(s, request.Metadata))
            .ToArray();
        var pending = new PendingAppend(request, streams);
        if (!_queue.Writer.TryWrite(pending))
        {
            if (_disposed) throw new ObjectDisposedException(nameof(EventStoreWriter));
            throw new ServerBusyException($"The event store has {_capacity} commands waiting to be written; nothing was written. Try again shortly.", TimeSpan.FromSeconds(1));
        }
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private PreparedStream PrepareStream(StreamAppend stream, EventMetadata metadata)
    {
        var events = new PreparedEvent[stream.Events.Count];
        // The long part of each event's hash (its content) is done here, in parallel with other callers; the writer
        // only links the digests into the chain once positions are known.
        var digests = new byte[events.Length * EventHash.Size];
        for (var i = 0; i < events.Length; i++)
        {
            var (name, schema) = _types.NameOf(stream.Events[i]);
            var e = events[i] = new PreparedEvent(UUIDNext.Uuid.NewSequential().ToString(), name, schema, _types.Serialize(stream.Events[i]));
            EventHash.Digest(stream.StreamId, e.EventId, e.Type, e.SchemaVersion, metadata.UserId, metadata.CommandName,
                metadata.CommandId, metadata.CorrelationId, metadata.CausationId, e.Data, digests.AsSpan(i * EventHash.Size, EventHash.Size));
        }
        var sqliteRows = _factory.Provider == DatabaseProvider.Sqlite ? SqliteEventRows.ToJson(events) : null;
        return new PreparedStream(stream.StreamId, stream.ExpectedVersion, events, sqliteRows, digests);
    }

    private async Task RunAsync()
    {
        await using var context = _factory.CreateContext();
        var connection = context.Database.GetDbConnection();
        // A lock held by another process is waited for as long as SQLite's busy_timeout (10 s) and no longer:
        // Microsoft.Data.Sqlite would go on retrying a busy statement until its command timeout (30 s by default), and
        // every queued command with it. After 10 s the batch is answered 503 with Retry-After (StoreFaults).
        if (connection is SqliteConnection sqlite) sqlite.DefaultTimeout = SqlitePragmas.BusyTimeoutSeconds;
        WriterCommands? sql = null;
        var batch = new List<PendingAppend>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            var events = 0;
            while (batch.Count < MaxCommitsPerBatch && events < MaxEventsPerBatch && reader.TryRead(out var next))
            {
                batch.Add(next);
                events += next.EventCount;
            }

            // One span per group commit, a child of its first command and linked to every command it serves.
            using var span = Tracing.StartServing("group commit", batch.ConvertAll(p => p.Caller));
            span?.SetTag("blazores.batch.commands", batch.Count);
            span?.SetTag("blazores.batch.events", events);
            long committed;
            List<StoredEvent>? stored;
            try
            {
                if (connection.State != ConnectionState.Open)
                    await context.Database.OpenConnectionAsync();
                sql ??= new WriterCommands(connection, _factory.Provider);
                stored = _head is { HasListeners: true } ? new List<StoredEvent>() : null;
                // On PostgreSQL in three round trips; the fault points (crash trials) stop inside the savepoint path.
                committed = sql.PostgreSql is { } postgres && !FaultPoints.Armed
                    ? await CommitPipelinedAsync(sql, postgres, batch, stored) ?? await CommitAsync(sql, batch, stored)
                    : await CommitAsync(sql, batch, stored);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Append batch of {Count} commands failed{Storage}", batch.Count, StoreFaults.Diagnose(ex, connection));
                sql?.Dispose();
                sql = null;
                await context.Database.CloseConnectionAsync();
                // The whole batch rolled back: nothing of it was acknowledged. A fault of the database (locked, read-only,
                // full) is told as such, with a time to retry after; it passes when the fault does.
                var fault = StoreFaults.Describe(ex);
                if (fault is not null) StoreFaults.DropPooledConnections();
                var answer = fault is not null
                    ? new ServerBusyException($"The event store could not write: {fault}. Nothing was written; try again shortly.", TimeSpan.FromSeconds(2))
                    : ex;
                foreach (var pending in batch) pending.Completion.TrySetException(answer);
                continue;
            }

            // COMMIT returned: the batch is durable, and each caller gets its result whatever happens next. (A failure
            // here used to answer committed commands with an error: a client that retried without its command id
            // then wrote them twice.)
            CommandsPerBatch.Record(batch.Count);
            EventsAppended.Add(batch.Sum(p => p.Error is null && p.FollowerOf is null ? p.EventCount : 0));
            AdvanceHead(committed, stored);
            foreach (var pending in batch) pending.Complete();
            if (FaultPoints.Armed) AfterAnswerFault();
        }
        sql?.Dispose();
    }

    /// <summary>Tells in-process listeners; one that throws is logged, and the head still moves (the commit is durable).</summary>
    private void AdvanceHead(long committed, List<StoredEvent>? stored)
    {
        try
        {
            if (FaultPoints.Armed) FaultPoints.Reach(FaultPoints.WriterAfterCommit);
            if (committed > 0) _head?.Advance(committed, stored);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A listener of the commit up to position {Position} failed; the commit stands", committed);
            if (committed > 0) _head?.Advance(committed);
        }
    }

    private void AfterAnswerFault()
    {
        try
        {
            FaultPoints.Reach(FaultPoints.WriterAfterAnswer);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "After the answers of a batch");
        }
    }

    /// <param name="stored">When not null, receives the events of the commands committed, as a reader would read them back.</param>
    private async Task<long> CommitAsync(WriterCommands sql, List<PendingAppend> batch, List<StoredEvent>? stored)
    {
        await using var transaction = await sql.BeginAsync();
        await sql.LockAppendsAsync();

        var (position, storedHead, newestRecordedAt) = await sql.HeadAsync();
        if (storedHead is null && position > 0)
        {
            // A store from before the chain: chain what is stored, once, under this transaction's lock, and go on from it.
            storedHead = await ChainBackfill.RunAsync(sql.Connection, transaction, _factory.Provider, _logger);
        }
        // Every event links to the one before it, whoever wrote it (another instance, an earlier run).
        var headHash = storedHead ?? EventHash.Genesis.ToArray();
        var versions = new Dictionary<string, long>();
        var inBatch = new Dictionary<string, PendingAppend>();
        var now = _clock.GetUtcNow().UtcDateTime;
        // The floor is the newest stored time (read with the head, under the append lock, so after a restart and with other
        // writers on the same store too): a wall clock that stepped back never makes recorded-at run backwards along positions.
        if (newestRecordedAt is { } newest && newest > _lastRecordedAt) _lastRecordedAt = newest;

        foreach (var pending in batch)
        {
            var metadata = pending.Request.Metadata;
            if (inBatch.TryGetValue(metadata.CommandId, out var first))
            {
                pending.FollowerOf = first;
                continue;
            }
            var previous = await sql.CommandResultAsync(metadata.CommandId);
            if (previous is not null)
            {
                if (FaultPoints.Armed) FaultPoints.Reach(FaultPoints.WriterDuplicate);
                pending.Result = JsonSerializer.Deserialize<CommitResult>(previous, EventTypeMap.Json)! with { Duplicate = true };
                continue;
            }

            var conflict = await CheckVersionsAsync(sql, pending, versions);
            if (conflict is not null)
            {
                pending.Error = conflict;
                continue;
            }

            var recordedAt = StoredTime(pending.Request.RecordedAt ?? now, _factory.Provider);
            if (recordedAt < _lastRecordedAt) recordedAt = _lastRecordedAt; // time never runs backwards along positions
            var positionBefore = position;
            var headBefore = headHash;
            await transaction.SaveAsync("command");
            try
            {
                var written = new List<StreamVersion>(pending.Streams.Length);
                foreach (var stream in pending.Streams)
                {
                    var version = versions[stream.StreamId];
                    var chain = Chain(headHash, position + 1, stream, version + 1, recordedAt);
                    await sql.InsertEventsAsync(position + 1, stream, version + 1, recordedAt, metadata, chain);
                    headHash = chain[^EventHash.Size..];
                    position += stream.Events.Length;
                    written.Add(new StreamVersion(stream.StreamId, version + stream.Events.Length));
                }
                if (FaultPoints.Armed) FaultPoints.Reach(FaultPoints.WriterInSavepoint);
                var result = new CommitResult(metadata.CommandId, metadata.CorrelationId, written, position);
                await sql.InsertCommandAsync(metadata, JsonSerializer.Serialize(result, EventTypeMap.Json), recordedAt);
                await transaction.ReleaseAsync("command");
                if (stored is not null) AddStored(stored, pending, position + 1 - pending.EventCount, versions, recordedAt);
                foreach (var w in written) versions[w.StreamId] = w.Version;
                pending.Result = result;
                _lastRecordedAt = recordedAt;
                inBatch[metadata.CommandId] = pending;
            }
            // A fault of the database itself (read-only, full, I/O) is no fault of this command: the whole batch fails as a
            // storage fault, and the connection with it. Caught here, it left the connection open for the next batch: one
            // SQLite opened while the file was read-only cannot write again, and every later command was refused (seen
            // in the fault suite: 60 s of "read-only" after the file was writable again).
            catch (DbException ex) when (!StoreFaults.IsTransient(ex))
            {
                await transaction.RollbackAsync("command");
                position = positionBefore;
                headHash = headBefore;
                foreach (var stream in pending.Streams) versions.Remove(stream.StreamId);
                pending.Error = ex;
            }
        }

        if (FaultPoints.Armed) FaultPoints.Reach(FaultPoints.WriterBeforeCommit);
        await transaction.CommitAsync();
        return inBatch.Count > 0 ? position : 0;
    }

    /// <summary>
    /// PostgreSQL's group commit in three round trips (<see cref="PostgreSqlWriterBatch"/>): the lock and every read the
    /// checks need, then every command's inserts together, then the commit. The checks and links are
    /// <see cref="CommitAsync"/>'s, made on what was read under the lock; a command that is a duplicate or conflicts
    /// writes nothing, so each command stays all-or-nothing without a savepoint. Null when the inserts failed all the
    /// same (a unique index the checks did not foresee): the transaction was rolled back, nothing of the batch was
    /// written, and <see cref="CommitAsync"/> writes it again with a savepoint per command, so only the failing one fails.
    /// </summary>
    private async Task<long?> CommitPipelinedAsync(WriterCommands sql, PostgreSqlWriterBatch postgres, List<PendingAppend> batch, List<StoredEvent>? stored)
    {
        var commandIds = batch.Select(p => p.Request.Metadata.CommandId).Distinct(StringComparer.Ordinal).ToArray();
        var streamIds = batch.SelectMany(p => p.Streams).Select(s => s.StreamId).Distinct(StringComparer.Ordinal).ToArray();
        var lastRecordedAt = _lastRecordedAt;
        await using var transaction = await sql.BeginAsync();
        var reads = await postgres.LockAndReadAsync(sql.HeadSql, commandIds, streamIds);
        var position = reads.Position;
        var storedHead = reads.Hash;
        if (storedHead is null && position > 0)
            storedHead = await ChainBackfill.RunAsync(sql.Connection, transaction, _factory.Provider, _logger);
        var headHash = storedHead ?? EventHash.Genesis.ToArray();
        var versions = reads.Versions;
        var inBatch = new Dictionary<string, PendingAppend>();
        var now = _clock.GetUtcNow().UtcDateTime;
        if (reads.RecordedAt is { } newest && newest > _lastRecordedAt) _lastRecordedAt = newest;

        foreach (var pending in batch)
        {
            var metadata = pending.Request.Metadata;
            if (inBatch.TryGetValue(metadata.CommandId, out var first))
            {
                pending.FollowerOf = first;
                continue;
            }
            if (reads.Results.TryGetValue(metadata.CommandId, out var previous))
            {
                pending.Result = JsonSerializer.Deserialize<CommitResult>(previous, EventTypeMap.Json)! with { Duplicate = true };
                continue;
            }
            if (Conflict(pending, versions) is { } conflict)
            {
                pending.Error = conflict;
                continue;
            }

            var recordedAt = StoredTime(pending.Request.RecordedAt ?? now, _factory.Provider);
            if (recordedAt < _lastRecordedAt) recordedAt = _lastRecordedAt;
            var written = new List<StreamVersion>(pending.Streams.Length);
            foreach (var stream in pending.Streams)
            {
                var version = versions[stream.StreamId];
                var chain = Chain(headHash, position + 1, stream, version + 1, recordedAt);
                postgres.QueueEvents(position + 1, stream, version + 1, recordedAt, metadata, chain);
                headHash = chain[^EventHash.Size..];
                position += stream.Events.Length;
                written.Add(new StreamVersion(stream.StreamId, version + stream.Events.Length));
            }
            var result = new CommitResult(metadata.CommandId, metadata.CorrelationId, written, position);
            postgres.QueueCommand(metadata, JsonSerializer.Serialize(result, EventTypeMap.Json), recordedAt);
            if (stored is not null) AddStored(stored, pending, position + 1 - pending.EventCount, versions, recordedAt);
            foreach (var w in written) versions[w.StreamId] = w.Version;
            pending.Result = result;
            _lastRecordedAt = recordedAt;
            inBatch[metadata.CommandId] = pending;
        }

        try
        {
            await postgres.WriteAsync();
        }
        catch (DbException ex)
        {
            _logger.LogWarning(ex, "The group commit of {Count} commands failed in one piece; writing them one savepoint at a time", batch.Count);
            postgres.Discard();
            await transaction.RollbackAsync();
            _lastRecordedAt = lastRecordedAt;
            stored?.Clear();
            foreach (var pending in batch) pending.Reset();
            return null;
        }
        await transaction.CommitAsync();
        return inBatch.Count > 0 ? position : 0;
    }

    /// <summary>The first stream of <paramref name="pending"/> whose expected version is not <paramref name="versions"/>' (which holds every stream).</summary>
    private static ConcurrencyConflictException? Conflict(PendingAppend pending, Dictionary<string, long> versions)
    {
        foreach (var stream in pending.Streams)
        {
            var current = versions[stream.StreamId];
            if (stream.ExpectedVersion != ExpectedVersion.Any && stream.ExpectedVersion != current)
                return new ConcurrencyConflictException(stream.StreamId, stream.ExpectedVersion, current);
        }
        return null;
    }

    /// <summary>
    /// The stream's links: the hash before its first event, then each event's hash (<see cref="EventHash.Link"/>), as one
    /// array (the SQLite insert takes it as one blob).
    /// </summary>
    private static byte[] Chain(byte[] previous, long firstPosition, PreparedStream stream, long firstVersion, DateTime recordedAt)
    {
        var chain = new byte[(stream.Events.Length + 1) * EventHash.Size];
        previous.CopyTo(chain, 0);
        var ticks = recordedAt.Ticks;
        for (var i = 0; i < stream.Events.Length; i++)
        {
            var at = i * EventHash.Size;
            EventHash.Link(chain.AsSpan(at, EventHash.Size), firstPosition + i, firstVersion + i, ticks,
                stream.Digests.AsSpan(at, EventHash.Size), chain.AsSpan(at + EventHash.Size, EventHash.Size));
        }
        return chain;
    }

    /// <summary>
    /// The command's events as <see cref="EventReader"/> returns them (the same JSON deserialized the same way, and the
    /// JSON itself for <see cref="RecordedEvent.From"/>), from
    /// <paramref name="firstPosition"/> on; <paramref name="versions"/> still holds each stream's version before it.
    /// </summary>
    private void AddStored(List<StoredEvent> stored, PendingAppend pending, long firstPosition, Dictionary<string, long> versions, DateTime recordedAt)
    {
        var position = firstPosition;
        var metadata = pending.Request.Metadata;
        foreach (var stream in pending.Streams)
        {
            var version = versions[stream.StreamId];
            foreach (var e in stream.Events)
                stored.Add(new StoredEvent(position++, e.EventId, stream.StreamId, ++version, e.Type, e.SchemaVersion,
                    DateTime.SpecifyKind(recordedAt, DateTimeKind.Utc), _types.Deserialize(e.Type, e.SchemaVersion, e.Data), metadata)
                {
                    Json = e.Data, // the text just stored: readers of these events show it as it is, never serialized again
                });
        }
    }

    /// <summary>
    /// The time as the provider stores it: UTC (as the EF model's converter makes it), on PostgreSQL to whole
    /// microseconds (its resolution; SQLite and SQL Server keep .NET's 100 ns ticks), so the events handed to live
    /// readers carry the same instant a read of the table returns.
    /// </summary>
    internal static DateTime StoredTime(DateTime time, DatabaseProvider provider)
    {
        var utc = time.Kind == DateTimeKind.Utc ? time : time.ToUniversalTime();
        return provider == DatabaseProvider.PostgreSql ? new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc) : utc;
    }

    private static async Task<Exception?> CheckVersionsAsync(WriterCommands sql, PendingAppend pending, Dictionary<string, long> versions)
    {
        foreach (var stream in pending.Streams)
            if (!versions.ContainsKey(stream.StreamId)) versions[stream.StreamId] = await sql.StreamVersionAsync(stream.StreamId);
        return Conflict(pending, versions);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _queue.Writer.TryComplete();
        await _loop;
    }

    internal sealed record PreparedEvent(string EventId, string Type, int SchemaVersion, string Data);

    /// <summary>A stream's serialized events; on SQLite also as the JSON rows the insert reads (<see cref="SqliteEventRows"/>).</summary>
    internal sealed record PreparedStream(string StreamId, long ExpectedVersion, PreparedEvent[] Events, string? SqliteRows, byte[] Digests);

    private sealed class PendingAppend(AppendRequest request, PreparedStream[] streams)
    {
        public AppendRequest Request { get; } = request;
        public PreparedStream[] Streams { get; } = streams;
        public int EventCount { get; } = streams.Sum(s => s.Events.Length);
        public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;
        public TaskCompletionSource<CommitResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CommitResult? Result { get; set; }
        public Exception? Error { get; set; }
        public PendingAppend? FollowerOf { get; set; }

        /// <summary>Forgets an attempt that was rolled back.</summary>
        public void Reset()
        {
            Result = null;
            Error = null;
            FollowerOf = null;
        }

        public void Complete()
        {
            if (FollowerOf is not null)
            {
                if (FollowerOf.Result is { } first) Completion.TrySetResult(first with { Duplicate = true });
                else Completion.TrySetException(FollowerOf.Error ?? new InvalidOperationException("The first attempt of this command failed."));
            }
            else if (Error is not null) Completion.TrySetException(Error);
            else Completion.TrySetResult(Result!);
        }
    }
}
