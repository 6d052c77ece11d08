using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BlazorEs.Infrastructure.Tests.Projections.Rebuild;

/// <summary>
/// Holds a rebuild at the moment it starts writing its shadow table — after it has fixed the head it replays to,
/// before it takes the projection's lock — so a test can append, read and catch up "during the rebuild" for sure.
/// It pauses before the statement runs, outside any transaction, so nothing else is blocked by it.
/// </summary>
internal sealed class PauseAtShadowWrite(string shadowTable) : DbCommandInterceptor
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _paused;

    /// <summary>Completes when the rebuild is held.</summary>
    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains($"DELETE FROM \"{shadowTable}\"", StringComparison.Ordinal) && Interlocked.Exchange(ref _paused, 1) == 0)
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
        return result;
    }
}
