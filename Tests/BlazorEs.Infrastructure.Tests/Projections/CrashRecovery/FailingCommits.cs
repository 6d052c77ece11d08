using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BlazorEs.Infrastructure.Tests.Projections.CrashRecovery;

/// <summary>
/// Fails chosen commits of the transactions EF runs on a factory's connections, as a crash or a dropped connection
/// would. <see cref="Before"/>: the commit never happens, rows and checkpoint roll back together.
/// <see cref="After"/>: the commit lands, but the caller is told it failed (the nastier case).
/// </summary>
internal sealed class FailingCommits : DbTransactionInterceptor
{
    private readonly int _from;
    private readonly int _failures;
    private readonly bool _afterCommit;
    private int _commits;
    private int _failed;

    private FailingCommits(int from, int failures, bool afterCommit)
    {
        _from = from;
        _failures = failures;
        _afterCommit = afterCommit;
    }

    /// <summary>The <paramref name="commit"/>th commit and the <paramref name="failures"/> - 1 after it do not happen.</summary>
    public static FailingCommits Before(int commit, int failures = 1) => new(commit, failures, afterCommit: false);

    /// <summary>The <paramref name="commit"/>th commit (and the <paramref name="failures"/> - 1 after it) lands, then throws.</summary>
    public static FailingCommits After(int commit, int failures = 1) => new(commit, failures, afterCommit: true);

    public int Failed => Math.Min(Volatile.Read(ref _failed), _failures);

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (!_afterCommit) FailIfChosen();
        return result;
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (!_afterCommit) FailIfChosen();
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (_afterCommit) FailIfChosen();
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (_afterCommit) FailIfChosen();
        return Task.CompletedTask;
    }

    private void FailIfChosen()
    {
        var commit = Interlocked.Increment(ref _commits);
        if (commit >= _from && Interlocked.Increment(ref _failed) <= _failures)
            throw new IOException($"Injected failure at commit {commit}.");
    }
}
