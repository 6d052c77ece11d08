using BlazorEs.Domain;
using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.Crash;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Streams.Snapshots;
using Mediator;
using Polly;
using Polly.Retry;

namespace BlazorEs.Infrastructure.Commands;

/// <summary>
/// The one generic path of every command: load the streams it reads, decide (pure domain code), append with
/// the versions it read, publish. Commands on the same primary stream take turns in this process (they would only
/// collide otherwise); a conflict that still happens (another stream, another instance) is retried on fresh state
/// when the caller named no expected version — when it did, the conflict is the caller's to see.
/// </summary>
public sealed class ExecuteCommandHandler(
    EventReader reader,
    StreamStates states,
    EventStoreWriter writer,
    StreamStateCache cache,
    IPublisher publisher) : ICommandHandler<ExecuteCommand, CommitResult>
{
    private static readonly ResiliencePipeline RetryConflicts = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ConcurrencyConflictException>(),
            MaxRetryAttempts = 10,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(2),
            MaxDelay = TimeSpan.FromMilliseconds(100),
            UseJitter = true,
        })
        .Build();

    /// <summary>Striped so memory stays fixed; two streams sharing a stripe only wait for each other, never conflict.</summary>
    private static readonly SemaphoreSlim[] StreamTurns = Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async ValueTask<CommitResult> Handle(ExecuteCommand message, CancellationToken cancellationToken)
    {
        var options = message.Options ?? throw new InvalidOperationException("Command metadata was not filled in.");
        // Ids the sender left out (a new order's) are assigned once, so every retry decides on the same ones.
        var command = message.Command.WithAssignedIds();
        var metadata = new EventMetadata(options.User!, message.Name, options.CommandId!, options.CorrelationId!, options.CausationId!);

        CommitResult result;
        var turn = StreamTurns[(uint)StringComparer.Ordinal.GetHashCode(command.TurnKey) % StreamTurns.Length];
        await turn.WaitAsync(cancellationToken);
        try
        {
            result = options.ExpectedVersion is null
                ? await RetryConflicts.ExecuteAsync(ct => DecideAndAppendAsync(command, options, metadata, ct), cancellationToken)
                : await DecideAndAppendAsync(command, options, metadata, cancellationToken);
        }
        catch (Exception ex) when (ex is DomainException or ConcurrencyConflictException)
        {
            // A retry is decided against the state its first attempt produced, which may refuse it (the product now
            // exists, the order is paid already): when this command id did commit, its first result is the answer.
            var first = await reader.CommandResultAsync(metadata.CommandId, cancellationToken);
            if (first is null) throw;
            if (FaultPoints.Armed) FaultPoints.Reach(FaultPoints.HandlerFirstResult);
            result = first;
        }
        finally
        {
            turn.Release();
        }

        if (!result.Duplicate)
            await publisher.Publish(new EventsCommitted(result), cancellationToken);
        return result;
    }

    private async ValueTask<CommitResult> DecideAndAppendAsync(IWarehouseCommand command, CommandOptions options, EventMetadata metadata, CancellationToken ct)
    {
        var (session, changes) = await DecideOnCachedStatesAsync(command, ct);
        if (options.ExpectedVersion is { } expected)
        {
            var primary = command.PrimaryStream;
            var actual = session.Versions.GetValueOrDefault(primary);
            if (actual != expected && session.FromCache.Contains(primary))
            {
                // The client may have seen a version this instance's cache has not: the store decides.
                (session, changes) = await DecideOnStoredStatesAsync(command, ct);
                actual = session.Versions.GetValueOrDefault(primary);
            }
            if (actual != expected) throw new ConcurrencyConflictException(primary, expected, actual);
        }
        CommitResult result;
        try
        {
            var request = session.ToAppendRequest(changes, metadata, options.RecordedAt);
            // The caller's record goes first, so the writer checks its expected version before the command's streams.
            if (options.RecordOnce is { } once) request = request with { Streams = [once, .. request.Streams] };
            result = await writer.AppendAsync(request, ct);
        }
        catch (ConcurrencyConflictException conflict) when (conflict.StreamId == options.RecordOnce?.StreamId)
        {
            throw new RecordedOnceException(conflict.StreamId);
        }
        catch (ConcurrencyConflictException conflict)
        {
            cache.Forget(conflict.StreamId); // the retry decides on the stored stream
            if (FaultPoints.Armed) FaultPoints.Reach(FaultPoints.HandlerConflict);
            throw;
        }
        if (FaultPoints.Armed) FaultPoints.Reach(FaultPoints.HandlerAfterAppend);
        if (!result.Duplicate) session.Appended(changes);
        return result;
    }

    /// <summary>
    /// Decides on the cached states of the streams (no read of the store for a stream this instance appended to last),
    /// and again on the stored streams when the cache could have misled the decision without the append noticing: a
    /// refusal, or a stream it read but does not write (no expected version checks those).
    /// </summary>
    private async Task<(DecisionSession Session, IReadOnlyList<StreamChange> Changes)> DecideOnCachedStatesAsync(IWarehouseCommand command, CancellationToken ct)
    {
        var cached = new DecisionSession(states, cache, trustCache: true);
        try
        {
            var changes = await CommandDecisions.DecideAsync(command, cached, ct);
            var readOnly = cached.FromCache.Except(changes.Select(c => c.StreamId), StringComparer.Ordinal);
            if (await cached.CachedStreamsCurrentAsync(readOnly, ct)) return (cached, changes);
        }
        catch (DomainException) when (cached.FromCache.Count > 0)
        {
            // Refused on cached state: only the stored state may refuse.
        }
        return await DecideOnStoredStatesAsync(command, ct);
    }

    /// <summary>Decides on the streams as stored (each cached state brought up to date from the store first).</summary>
    private async Task<(DecisionSession Session, IReadOnlyList<StreamChange> Changes)> DecideOnStoredStatesAsync(IWarehouseCommand command, CancellationToken ct)
    {
        var stored = new DecisionSession(states, cache);
        return (stored, await CommandDecisions.DecideAsync(command, stored, ct));
    }
}
