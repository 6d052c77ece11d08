namespace BlazorEs.Infrastructure.Persistence;

/// <summary>
/// Gives this process's hot writers of one SQLite file (the event writer's group commits and the read side's catch-up
/// commits) SQLite's one write lock in turn, queued here. A connection that finds the lock taken waits in SQLite's busy
/// handler, which sleeps 1, 2, 5, 10… ms and looks again — nothing wakes it when the lock is freed. The writer and the
/// read side take turns on every command cycle, so those sleeps were most of a cycle under load; queued here, each
/// goes the moment the other commits. The file's lock stays the truth: other processes, and the rare writers that
/// do not queue here (snapshots, rebuilds, migrations), still meet the busy handler. SQL Server locks rows, not the
/// database, so there everyone goes at once.
/// </summary>
public sealed class WriteTurns(DatabaseProvider provider)
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Waits for this process's turn to write; dispose the turn after the transaction has committed or rolled back.</summary>
    public async ValueTask<Turn> TakeAsync(CancellationToken ct = default)
    {
        if (provider != DatabaseProvider.Sqlite) return default;
        await _turn.WaitAsync(ct);
        return new Turn(_turn);
    }

    public readonly struct Turn(SemaphoreSlim? held) : IDisposable
    {
        public void Dispose() => held?.Release();
    }
}
