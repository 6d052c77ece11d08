using BlazorEs.CrashTrials;
using BlazorEs.Infrastructure.Crash;

namespace BlazorEs.CrashTrials.Tests;

/// <summary>
/// An exception at one point of a success path, once (BLAZORES_FAULT=point:throw|db-error@n): the process goes on
/// under load, then is killed and restarted; what it answered must match what it stored.
/// </summary>
public sealed class FailurePointTests
{
    /// <summary>Thrown at the 5th time; killed once 40 commands are acknowledged, so commands ran after the failure.</summary>
    private static TrialOptions Throwing(string fault) => Trials.Options(fault, killMin: 100, killMax: 500, acks: 40);

    [Fact]
    public async Task AnExceptionAfterCommitStillAnswersTheCommittedCommandsWithTheirResults()
    {
        var result = await Trials.RunAsync(LoadKind.Disjoint, Throwing($"{FaultPoints.WriterAfterCommit}:throw@5"));

        Trials.AssertClean(result);
        Assert.True(result.RefusedButStored.Count == 0, "committed, answered as failed: " + Trials.Describe(result));
        Assert.DoesNotContain(result.Statuses.Keys, status => status >= 500);
    }

    [Fact]
    public async Task AFailedBatchStoresNoneOfItsCommandsAndTheReopenedConnectionCommitsTheNext()
    {
        var result = await Trials.RunAsync(LoadKind.Disjoint, Throwing($"{FaultPoints.WriterBeforeCommit}:db-error@5"));

        Trials.AssertClean(result);
        Assert.True(result.Statuses.GetValueOrDefault(500) > 0, "the batch did not fail: " + Trials.Describe(result));
        Assert.True(result.RefusedButStored.Count == 0, "answered as failed, stored all the same: " + Trials.Describe(result));
    }

    [Fact]
    public async Task ADatabaseErrorInOneCommandsSavepointFailsThatCommandAloneAndStoresNoneOfIt()
    {
        var result = await Trials.RunAsync(LoadKind.Disjoint, Throwing($"{FaultPoints.WriterInSavepoint}:db-error@5"));

        Trials.AssertClean(result);
        Assert.True(result.Statuses.GetValueOrDefault(500) == 1, "expected exactly one failed command: " + Trials.Describe(result));
        Assert.True(result.RefusedButStored.Count == 0, "its events were stored all the same: " + Trials.Describe(result));
    }

    [Fact]
    public async Task AFailureAfterTheAppendLeavesTheCacheBehindAndTheNextCommandsStillDecideOnTheStoredStream()
    {
        var result = await Trials.RunAsync(LoadKind.OneStream, Throwing($"{FaultPoints.HandlerAfterAppend}:throw@5"));

        Trials.AssertClean(result);
        Assert.True(result.Statuses.GetValueOrDefault(500) == 1, Trials.Describe(result));
        Assert.True(result.Acknowledged > 10, "few commands after the failure: " + Trials.Describe(result));
    }
}
