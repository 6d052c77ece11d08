using System.Data.Common;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.Integrity;

/// <summary>
/// Full verifications while commands commit, as several instances (or one busy instance) do: the verifier reads the
/// chain, the checkpoints and the Commands table in statements apart, and commits landing in between must never
/// read as a break (rows added, a command altered, a tail cut); a real tamper must still be found every time.
/// </summary>
public abstract class VerifyWhileAppendingTests(DatabaseProvider provider) : BothProviders(provider)
{
    private const int Verifications = 12;
    private static readonly TimeSpan OverlapWait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task EveryFullVerificationWhileWritersCommitAndCheckpointsAreSignedIsIntact()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 20, Provider);
        var signer = Signer(chained); // another instance's monitor: verifies what came in and signs each new head
        await signer.VerifyNowAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var writers = await WritersStartedAsync(chained, stop.Token);
        var signing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await signer.VerifyNowAsync(CancellationToken.None);
                await Task.Delay(10, CancellationToken.None); // a monitor's pace, not a spin: it still signs many heads per verification
            }
        });

        var overlapped = 0;
        var outcomes = new List<(long Before, long After, VerificationOutcome Outcome)>();
        try
        {
            // Only verifications that commits overlapped count; writers commit continuously, so nearly all do. Bounded by
            // time, not by a count: on a CI machine whose disk stalls a commit's fsync for a second, hundreds of quick
            // verifications ran with no commit beside them (seen in CI: 240 verifications, none overlapped).
            var until = System.Diagnostics.Stopwatch.StartNew();
            while (overlapped < Verifications && until.Elapsed < OverlapWait)
            {
                var before = await HeadAsync(chained);
                var outcome = await chained.VerifyAsync();
                var after = await HeadAsync(chained);
                outcomes.Add((before, after, outcome));
                if (after > before) overlapped++;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers.Append(signing));
        }

        Assert.Equal(Verifications, overlapped);
        Assert.All(outcomes, o =>
        {
            Assert.True(o.Outcome.Breaks.Count == 0,
                $"Verification through {o.Outcome.Through} (head {o.Before}→{o.After}): " + string.Join("; ", o.Outcome.Breaks.Select(b => $"{b.Kind} at {b.Position}: {b.Reason}")));
            Assert.InRange(o.Outcome.Through, o.Before, o.After);
        });
        Assert.NotNull(outcomes[^1].Outcome.LastCheckpoint);
        Assert.Equal(IntegrityState.Intact, signer.Status.State);

        var final = await chained.VerifyAsync();
        Assert.Empty(final.Breaks);
        Assert.Equal(await HeadAsync(chained), final.Checked);
    }

    [Fact]
    public async Task ACheckpointSignedBetweenTheVerifiersReadsIsNoTailCut()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 5, Provider);
        var signer = Signer(chained);
        await signer.VerifyNowAsync(CancellationToken.None);
        // After every query the verifier sends through EF (checkpoints, head, snapshots), another instance commits a
        // command and signs the new head: whichever of its reads comes second sees a checkpoint the first did not.
        var between = new CommitAfterEachRead(async () =>
        {
            await Append(chained, "B");
            await signer.VerifyNowAsync(CancellationToken.None);
        });
        var verifier = new ChainVerifier(chained.Store.FactoryWith(between), ChainedStore.Key);

        for (var i = 0; i < 3; i++)
        {
            var outcome = await verifier.VerifyAsync(0, EventHash.Genesis.ToArray(), full: true);
            Assert.True(outcome.Breaks.Count == 0, string.Join("; ", outcome.Breaks.Select(b => $"{b.Kind} at {b.Position}: {b.Reason}")));
        }
        Assert.True(between.Commits >= 6, $"only {between.Commits} commits landed between the verifier's reads");
        Assert.True(signer.Status.LastCheckpoint?.Position > 8);
    }

    [Fact]
    public async Task AnEditedEventAndADeletedCommandsRowAreFoundByEveryVerificationWhileWritersCommit()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 20, Provider);
        await chained.TamperAsync("UPDATE Events SET UserId = 'mallory' WHERE Position = 7");
        await chained.TamperAsync("DELETE FROM Commands WHERE CommandId = (SELECT CommandId FROM Events WHERE Position = 12)");
        using var stop = new CancellationTokenSource();
        var writers = await WritersStartedAsync(chained, stop.Token);

        var found = new List<IReadOnlyList<ChainBreak>>();
        var overlapped = 0;
        try
        {
            // Until four verifications were overlapped by commits (the writers may take a while to start on a busy machine,
            // and a commit's fsync may stall for a second on a busy disk).
            var until = System.Diagnostics.Stopwatch.StartNew();
            while (overlapped < 4 && until.Elapsed < OverlapWait)
            {
                var before = await HeadAsync(chained);
                found.Add((await chained.VerifyAsync()).Breaks);
                if (await HeadAsync(chained) > before) overlapped++;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        Assert.Equal(4, overlapped);
        Assert.All(found, breaks => Assert.True(
            breaks.Select(b => (b.Position, b.Kind)).SequenceEqual([(7L, BreakKind.Edited), (12L, BreakKind.CommandAltered)]),
            string.Join("; ", breaks.Select(b => $"{b.Kind} at {b.Position}: {b.Reason}"))));
    }

    private static IntegrityMonitor Signer(ChainedStore chained) =>
        new(chained.Verifier, chained.Store.Factory, new StoreHead(), ChainedStore.Key, new IntegrityOptions { CheckpointEvery = 1 },
            TimeProvider.System, NullLogger<IntegrityMonitor>.Instance);

    /// <summary>Three writers committing until stopped: commands of one event, and of three events over two streams.</summary>
    /// <summary>
    /// The writers, once the first of them committed: on a machine busy with other tests their tasks may start late, and
    /// a verification loop started before would find nothing committing beside it.
    /// </summary>
    private static async Task<Task[]> WritersStartedAsync(ChainedStore chained, CancellationToken stop)
    {
        var before = await HeadAsync(chained);
        var writers = Writers(chained, stop);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await HeadAsync(chained) == before && waited.Elapsed < TimeSpan.FromSeconds(60) && !writers.Any(w => w.IsFaulted))
            await Task.Delay(5, CancellationToken.None);
        return writers;
    }

    private static Task[] Writers(ChainedStore chained, CancellationToken stop) => [.. Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            if (i % 3 == 2)
                await chained.Store.Writer.AppendAsync(new AppendRequest(
                    [new StreamAppend($"product-W{w}", ExpectedVersion.Any, [new StockReceived($"W{w}", 1, "a"), new StockReceived($"W{w}", 2, "b")]),
                     new StreamAppend($"product-X{w}", ExpectedVersion.Any, [new StockReceived($"X{w}", 3, "c")])], TestHost.Metadata()));
            else await Append(chained, $"W{w}");
        }
    }))];

    private static Task<CommitResult> Append(ChainedStore chained, string sku) => chained.Store.Writer.AppendAsync(
        new AppendRequest([new StreamAppend($"product-{sku}", ExpectedVersion.Any, [new StockReceived(sku, 1, "r")])], TestHost.Metadata()));

    private static async Task<long> HeadAsync(ChainedStore chained)
    {
        await using var db = chained.Store.Factory.CreateContext();
        return await db.Events.MaxAsync(e => (long?)e.Position) ?? 0;
    }

    /// <summary>Runs <paramref name="commit"/> after each query EF sends (on another factory's connections), before its rows are read.</summary>
    private sealed class CommitAfterEachRead(Func<Task> commit) : DbCommandInterceptor
    {
        public int Commits { get; private set; }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            await commit();
            Commits++;
            return result;
        }
    }
}

public sealed class VerifyWhileAppendingTestsOnSqlite() : VerifyWhileAppendingTests(DatabaseProvider.Sqlite);

public sealed class VerifyWhileAppendingTestsOnPostgreSql() : VerifyWhileAppendingTests(DatabaseProvider.PostgreSql);
