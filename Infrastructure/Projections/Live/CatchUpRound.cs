using System.Data.Common;
using System.Diagnostics.Metrics;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>What a projection's runner offers a catch-up round (it holds the projection's lock meanwhile).</summary>
internal interface ICatchUpParticipant
{
    string Name { get; }

    long Checkpoint { get; }

    bool IsParked { get; }

    Task<IDisposable?> TryLockAsync(CancellationToken ct);

    Task EnsureLoadedAsync(CancellationToken ct);

    /// <summary>
    /// Applies the batch's events after the checkpoint to the mirror, stopping at (and undoing) the first that throws;
    /// reads from the table the rows an event needs that memory does not hold (so it may throw a database's error).
    /// </summary>
    Task<AppliedBatch> ApplyAsync(IReadOnlyList<StoredEvent> batch, CancellationToken ct);

    /// <summary>Writes the batch's changed rows and the new checkpoint in <paramref name="transaction"/>.</summary>
    Task StageAsync(ReadSideTransaction transaction, AppliedBatch batch, CancellationToken ct);

    /// <summary>The combined commit failed: the mirror holds changes the table does not, drop it.</summary>
    void CommitFailed();

    /// <summary>The rows are committed: remember what the table holds now and publish ReadModelsChanged.</summary>
    Task CommittedAsync(AppliedBatch batch);

    /// <summary>Moves the checkpoint (after every participant has published, so read-your-writes sees fresh rows).</summary>
    void MoveCheckpoint(AppliedBatch batch);

    /// <summary>The round reached the head without a failure of this projection.</summary>
    void CaughtUp();
}

/// <summary>What applying one batch did to one projection's mirror.</summary>
internal sealed record AppliedBatch(HashSet<string> Dirty, long From, long Position, int Events, ProjectionApplyException? Failure)
{
    public bool HasChanges => Position > From;
}

/// <summary>
/// The one catch-up routine: reads the next batch once (from the lowest checkpoint among the participants), applies
/// it to every participant's mirror, and commits all their changed rows and checkpoints in ONE read-side
/// transaction, until the log is exhausted. A projection whose Apply throws on event X commits up to X - 1 with
/// the others and leaves the round (its runner retries or parks it); a failed commit drops every mirror involved,
/// so they are reloaded from the tables and nothing is lost or applied twice.
/// </summary>
public sealed class CatchUpRound(StoreContextFactory factory, SharedEventFeed feed, ProjectionOptions options, ProjectorLease? fence = null, ReadModelChangeFeed? changes = null)
    : IAsyncDisposable
{
    // The rounds' commits share one open read-side connection with its prepared statements (no context, pool
    // round-trip, pragmas or statement preparation per round); after any failure it is dropped and opened afresh.
    private readonly SemaphoreSlim _connectionGate = new(1, 1);

    /// <summary>How many events each read-side commit carries: how well concurrent commands coalesce into one round.</summary>
    public static readonly Meter Meter = new("BlazorEs.Projections");
    private static readonly Histogram<int> EventsPerCommit = Meter.CreateHistogram<int>("blazores.projections.commit.events", "{event}");

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private EventStoreDbContext? _db;

    /// <summary>
    /// Runs to the head, or with <paramref name="needed"/> at least to that position (it may then stop at the newest event this
    /// instance committed, without asking the store for others'); returns the participants that failed (apply or
    /// commit) with their exception.
    /// </summary>
    internal async Task<Dictionary<ICatchUpParticipant, Exception>> RunAsync(IReadOnlyList<ICatchUpParticipant> participants, long? needed, CancellationToken ct)
    {
        var active = participants.ToList();
        var failures = new Dictionary<ICatchUpParticipant, Exception>();
        using var span = Telemetry.Tracing.Source.StartActivity("projection round");
        span?.SetTag("blazores.projections", active.Count);
        while (active.Count > 0)
        {
            var batch = await feed.ReadAsync(active.Min(p => p.Checkpoint), options.BatchSize, needed, ct);
            if (batch.Count == 0) break;

            var applied = new List<(ICatchUpParticipant Participant, AppliedBatch Batch)>(active.Count);
            try
            {
                foreach (var participant in active) applied.Add((participant, await participant.ApplyAsync(batch, ct)));
            }
            catch (Exception ex)
            {
                // A row could not be read: the mirrors applied so far hold what no table does; drop them all, as a failed commit does.
                return DropAll(active, ex, failures);
            }
            var changed = applied.Where(a => a.Batch.HasChanges).ToList();
            if (changed.Count > 0)
            {
                try
                {
                    await CommitAsync(changed, ct);
                    EventsPerCommit.Record(changed.Max(c => c.Batch.Events));
                }
                catch (Exception ex)
                {
                    return DropAll(active, ex, failures);
                }
                // One commit: its changes settle together (one live message for all of them, sent at once).
                using (changes?.Together())
                    foreach (var (participant, result) in changed) await participant.CommittedAsync(result);
                foreach (var (participant, result) in changed) participant.MoveCheckpoint(result);
            }

            foreach (var (participant, result) in applied)
            {
                if (result.Failure is null) continue;
                failures[participant] = result.Failure;
                active.Remove(participant);
            }
            // A short batch was the head when it was read; whatever was committed since is the next round's.
            if (batch.Count < options.BatchSize) break;
        }
        foreach (var participant in active) participant.CaughtUp();
        return failures;
    }

    /// <summary>The round failed as a whole: every participant's mirror holds what no table does, and each fails with <paramref name="ex"/>.</summary>
    private static Dictionary<ICatchUpParticipant, Exception> DropAll(List<ICatchUpParticipant> active, Exception ex, Dictionary<ICatchUpParticipant, Exception> failures)
    {
        foreach (var participant in active)
        {
            participant.CommitFailed();
            failures[participant] = ex;
        }
        return failures;
    }

    private async Task CommitAsync(List<(ICatchUpParticipant Participant, AppliedBatch Batch)> changed, CancellationToken ct)
    {
        await _connectionGate.WaitAsync(ct);
        try
        {
            if (_db is null)
            {
                _db = factory.CreateReadSideContext();
                await _db.Database.OpenConnectionAsync(ct);
            }
            await using var transaction = await ReadSideTransaction.BeginOnAsync(factory, _db, _commands, fence, ct);
            foreach (var (participant, batch) in changed) await participant.StageAsync(transaction, batch, ct);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            await DropConnectionAsync();
            throw;
        }
        finally
        {
            _connectionGate.Release();
        }
    }

    /// <summary>Closes the kept-open connection (at shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        await _connectionGate.WaitAsync();
        try
        {
            await DropConnectionAsync();
        }
        finally
        {
            _connectionGate.Release();
        }
    }

    private async Task DropConnectionAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        _commands.Clear();
        if (_db is not null) await _db.DisposeAsync();
        _db = null;
    }
}
