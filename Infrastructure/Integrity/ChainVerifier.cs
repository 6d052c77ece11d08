using System.Data.Common;
using BlazorEs.Infrastructure.Crash;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Replay;
using BlazorEs.Infrastructure.Streams.Snapshots;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Integrity;

/// <summary>What one verification found: how far the chain was checked, its hash there, and every break, first by position.</summary>
public sealed record VerificationOutcome(long Through, byte[] Head, long Checked, IReadOnlyList<ChainBreak> Breaks, SignedCheckpoint? LastCheckpoint);

/// <summary>
/// Verifies the store: the schema (the immutability triggers), the chain over a range of positions, the signed
/// checkpoints (signature, the head they signed still there, the tail not cut), and on a full pass the Commands
/// table against the events and each read-model snapshot's seal.
/// </summary>
public sealed class ChainVerifier(StoreContextFactory factory, IntegrityKey key)
{
    /// <param name="after">Verify from here on, trusting the chain up to it (0 = everything).</param>
    /// <param name="previous">The hash at <paramref name="after"/> (<see cref="EventHash.Genesis"/> at 0).</param>
    /// <param name="full">Also the Commands table and the snapshots (they are read whole).</param>
    public async Task<VerificationOutcome> VerifyAsync(long after, ReadOnlyMemory<byte> previous, bool full, Action<long>? progress = null, CancellationToken ct = default)
    {
        var breaks = new List<ChainBreak>(await SchemaAsync(ct));
        await using var db = factory.CreateContext();
        // Checkpoints before the head: a checkpoint is signed over events already committed, so every checkpoint read
        // here names a position at or below the head read after it. (Read the other way round, a checkpoint signed in
        // between, by this instance or another, lay past the head: a false tail cut.)
        var checkpoints = await db.Set<SignedCheckpoint>().AsNoTracking().Where(c => c.Position > after).OrderBy(c => c.Position).ToListAsync(ct);
        var last = checkpoints.LastOrDefault()
            ?? await db.Set<SignedCheckpoint>().AsNoTracking().OrderByDescending(c => c.Position).FirstOrDefaultAsync(ct);
        var head = await db.Events.MaxAsync(e => (long?)e.Position, ct) ?? 0;

        var pass = new ChainPass(after, previous.ToArray(), checkpoints.Select(c => c.Position));
        await ChainScan.RunAsync(factory, pass, long.MaxValue, progress, ct);
        if (pass.First is { } first) breaks.Add(await DescribeAsync(db, first, ct));
        breaks.AddRange(Checkpoints(checkpoints, last, pass, head, after));
        if (full)
        {
            if (FaultPoints.Armed) FaultPoints.Reach(FaultPoints.IntegrityVerify);
            if (await CommandsAsync(db, pass.Commands, pass.Through, ct) is { } command) breaks.Add(command);
            if (await SnapshotsAsync(db, ct) is { } snapshot) breaks.Add(snapshot);
        }
        return new VerificationOutcome(pass.Through, pass.Head, pass.Checked, [.. breaks.OrderBy(b => b.Position)], last);
    }

    private async Task<IReadOnlyList<ChainBreak>> SchemaAsync(CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        await db.Database.OpenConnectionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = IntegritySql.Triggers(factory.Provider);
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) present.Add(reader.GetString(0));
        return [.. IntegritySql.RequiredTriggers(factory.Provider).Where(t => !present.Contains(t))
            .Select(t => new ChainBreak(0, BreakKind.TriggerMissing, $"The immutability trigger {t} is missing: the database no longer refuses changes to history."))];
    }

    /// <summary>Names the first break by looking at the row, the one after it, and whichever row its link points at.</summary>
    private static async Task<ChainBreak> DescribeAsync(EventStoreDbContext db, RowFinding f, CancellationToken ct)
    {
        if (f.MissingFrom is { } missing)
            return new ChainBreak(missing, BreakKind.Deleted, missing == f.Position - 1
                ? $"The event at position {missing} is missing (deleted)."
                : $"Events at positions {missing}–{f.Position - 1} are missing (deleted).")
            { ExpectedPreviousHash = EventHash.Hex(f.ExpectedPrevious) };

        var rows = await db.Events.AsNoTracking().Where(e => e.Position >= f.Position && e.Position <= f.Position + 1).OrderBy(e => e.Position).ToListAsync(ct);
        var row = rows[0];
        var next = rows.Count > 1 && rows[1].Position == f.Position + 1 ? rows[1] : null;
        var ph = row.PreviousHash ?? [];
        var h = row.Hash ?? [];
        var linked = ph.AsSpan().SequenceEqual(f.ExpectedPrevious);
        var nextLinksPast = next?.PreviousHash is { } np && np.AsSpan().SequenceEqual(f.ExpectedPrevious);
        BreakKind kind;
        string reason;
        if (h.Length != EventHash.Size)
            (kind, reason) = (BreakKind.Inserted, $"The event at position {row.Position} has no hash: the writer did not write it.");
        else if (linked)
            (kind, reason) = nextLinksPast
                ? (BreakKind.Inserted, $"The event at position {row.Position} was inserted: the event after it links to the one before it.")
                : (BreakKind.Edited, $"The event at position {row.Position} was edited: its stored content no longer gives its hash.");
        else if (h.AsSpan().SequenceEqual(f.ExpectedHash))
            (kind, reason) = (BreakKind.Edited, $"The event at position {row.Position} was edited: its PreviousHash column was changed.");
        else
        {
            var linkedTo = await db.Events.AsNoTracking().Where(e => e.Hash == ph).Select(e => (long?)e.Position).FirstOrDefaultAsync(ct);
            (kind, reason) = linkedTo > row.Position
                ? (BreakKind.Reordered, $"The event at position {row.Position} was moved: it links to the event now at position {linkedTo}, after it.")
                : nextLinksPast || linkedTo < row.Position - 1
                    ? (BreakKind.Inserted, $"The event at position {row.Position} does not belong in the chain: events were inserted before position {row.Position + 1}.")
                    : (BreakKind.Edited, $"The event at position {row.Position} was edited: neither its content nor its link verifies.");
        }
        return new ChainBreak(row.Position, kind, reason)
        {
            Stored = new RecordedEvent(row.Position, row.EventId, row.StreamId, row.StreamVersion, row.Type, row.SchemaVersion, row.RecordedAt,
                row.UserId, row.CommandName, row.CommandId, row.CorrelationId, row.CausationId, row.Data),
            StoredPreviousHash = EventHash.Hex(ph),
            StoredHash = EventHash.Hex(h),
            ExpectedPreviousHash = EventHash.Hex(f.ExpectedPrevious),
            ExpectedHash = EventHash.Hex(f.ExpectedHash),
        };
    }

    private IEnumerable<ChainBreak> Checkpoints(List<SignedCheckpoint> seen, SignedCheckpoint? last, ChainPass pass, long head, long after)
    {
        foreach (var c in seen.Append(last).OfType<SignedCheckpoint>().DistinctBy(c => c.Position))
        {
            if (c.KeyId != key.Id)
                yield return new ChainBreak(c.Position, BreakKind.CheckpointInvalid, $"The checkpoint at position {c.Position} was signed with key {c.KeyId}, not this instance's key {key.Id}.");
            else if (!key.Verifies(IntegrityKey.CheckpointMessage(c.Position, c.Hash, c.CreatedAt), c.Signature))
                yield return new ChainBreak(c.Position, BreakKind.CheckpointInvalid, $"The checkpoint at position {c.Position} does not verify: its position, hash, time or signature was changed.");
            else if (c.Position > head)
                yield return new ChainBreak(head + 1, BreakKind.TailCut,
                    $"The log ends at position {head}, but a signed checkpoint covers position {c.Position}: events {head + 1}–{c.Position} (at least) were cut off.");
            else if (pass.Watched.TryGetValue(c.Position, out var stored) && stored is not null && !stored.AsSpan().SequenceEqual(c.Hash))
                yield return new ChainBreak(c.Position, BreakKind.Rewritten,
                    $"The chain's hash at position {c.Position} is not the one signed there: events at or before it were changed and the chain recomputed.");
        }
        if (head < after)
            yield return new ChainBreak(head + 1, BreakKind.TailCut, $"The log ends at position {head}, but position {after} was verified before: the tail was cut off.");
    }

    /// <summary>
    /// The Commands table against the events the scan read, up to <paramref name="through"/> only: commands committed
    /// since the scan (here or on another instance) have their rows and events past it, and are left to the next
    /// verification instead of being counted as rows added (each statement here sees commits the scan did not).
    /// </summary>
    private async Task<ChainBreak?> CommandsAsync(EventStoreDbContext db, long commandsInEvents, long through, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        await using (var command = Command(connection, IntegritySql.CommandMismatch(factory.Provider), through))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                var position = reader.IsDBNull(1) ? 0 : Convert.ToInt64(reader.GetValue(1));
                return new ChainBreak(position, BreakKind.CommandAltered,
                    $"The Commands row of command {reader.GetString(0)} does not match the events it answered for (its result names position {position}).");
            }
        }
        long rows;
        await using (var count = Command(connection, IntegritySql.CommandsThrough(factory.Provider), through))
            rows = Convert.ToInt64(await count.ExecuteScalarAsync(ct));
        if (rows == commandsInEvents) return null;
        await using var missing = Command(connection, IntegritySql.EventWithoutCommand, through);
        var at = await missing.ExecuteScalarAsync(ct);
        return at is long orphan
            ? new ChainBreak(orphan, BreakKind.CommandAltered, $"The Commands row of the command whose events start at position {orphan} is missing: a retry of it would run again.")
            : new ChainBreak(0, BreakKind.CommandAltered, $"The Commands table has {rows} rows for {commandsInEvents} commands in the events up to position {through}: rows were added.");
    }

    private async Task<ChainBreak?> SnapshotsAsync(EventStoreDbContext db, CancellationToken ct)
    {
        await using var events = factory.CreateContext();
        await foreach (var snapshot in db.Set<ReadModelSnapshot>().AsNoTracking().OrderBy(s => s.Position).AsAsyncEnumerable().WithCancellation(ct))
        {
            var chainHash = await events.Events.AsNoTracking().Where(e => e.Position == snapshot.Position).Select(e => e.Hash).FirstOrDefaultAsync(ct);
            if (chainHash is null || !SnapshotSeal.Verifies(key, snapshot, chainHash))
                return new ChainBreak(snapshot.Position, BreakKind.SnapshotAltered,
                    $"The {snapshot.Projection} snapshot at position {snapshot.Position} does not verify: its seal does not match its content and the chain there.");
        }
        var streams =
            from s in events.Set<StreamSnapshot>().AsNoTracking()
            join e in events.Events.AsNoTracking() on s.Position equals e.Position into at
            from e in at.DefaultIfEmpty()
            orderby s.Position
            select new { Snapshot = s, Hash = e == null ? null : e.Hash, StreamId = e == null ? null : e.StreamId, Version = e == null ? 0 : e.StreamVersion };
        await foreach (var found in streams.AsAsyncEnumerable().WithCancellation(ct))
        {
            var s = found.Snapshot;
            // Loads pass over a snapshot that does not verify (StreamStates), so none changes an answer; the break says one was edited.
            if (found.Hash is null || found.StreamId != s.StreamId || found.Version != s.Version || !SnapshotSeal.Verifies(key, s, found.Hash))
                return new ChainBreak(s.Position, BreakKind.SnapshotAltered,
                    $"The snapshot of stream {s.StreamId} at version {s.Version} does not verify: its seal does not match its state and the event at position {s.Position}.");
        }
        return null;
    }

    private static DbCommand Command(DbConnection connection, string sql, long through)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@through";
        parameter.Value = through;
        command.Parameters.Add(parameter);
        return command;
    }
}
