using BlazorEs.CrashTrials;
using BlazorEs.Infrastructure.Crash;

namespace BlazorEs.CrashTrials.Tests;

/// <summary>
/// The process dies at exactly one point of a path that answers a command with success (BLAZORES_FAULT=point:fail-fast@n,
/// Environment.FailFast: no shutdown code runs), under load; restarted on the same file, everything it acknowledged is
/// stored, no position is missing, every projection verifies.
/// </summary>
public sealed class FailFastPointTests
{
    [Theory]
    [InlineData(FaultPoints.WriterBeforeCommit, "disjoint", 10)]
    [InlineData(FaultPoints.WriterAfterCommit, "disjoint", 10)]
    [InlineData(FaultPoints.WriterInSavepoint, "place-order", 30)]
    [InlineData(FaultPoints.WriterAfterAnswer, "one-stream", 10)]
    [InlineData(FaultPoints.WriterDuplicate, "retry-id", 2)]
    [InlineData(FaultPoints.HandlerConflict, "place-order", 3)] // orders over shared products conflict in the writer; one stream takes turns and never does
    [InlineData(FaultPoints.HandlerAfterAppend, "one-stream", 20)]
    [InlineData(FaultPoints.HandlerFirstResult, "retry-id", 1)]
    public async Task NothingAcknowledgedIsLostWhenTheProcessDiesAt(string point, string load, int nth)
    {
        var result = await Trials.RunAsync(TrialOptions.ParseLoad(load), Trials.Options($"{point}:fail-fast@{nth}", killMin: 30_000, killMax: 30_000, acks: 1_000_000));

        Assert.True(result.EndedOnItsOwn, $"the process never reached {point} (killed at the end of the window): " + Trials.Describe(result));
        Trials.AssertClean(result);
    }
}
