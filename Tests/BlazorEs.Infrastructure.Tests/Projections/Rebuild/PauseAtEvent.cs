using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Infrastructure.Tests.Projections.Rebuild;

/// <summary>
/// A projection that holds the next Apply of the event at an armed position before applying it. Armed at the head a
/// rebuild replays to, it holds the rebuild at the end of its replay — after it has fixed that head, before it takes
/// the projection's lock or opens a transaction — so a test can append, read and catch up "during the rebuild" for sure.
/// </summary>
internal sealed class PauseAtEvent<TRow>(Projection<TRow> inner) : Projection<TRow> where TRow : class, IReadModelRow
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _released = new();
    private long _armedAt = -1;

    public override string Name => inner.Name;

    public override string Table => inner.Table;

    /// <summary>Completes when an Apply is held.</summary>
    public Task Reached => _reached.Task;

    public void Arm(long position) => Interlocked.Exchange(ref _armedAt, position);

    public void Release() => _released.Set();

    public override void Apply(StoredEvent e, IRowStore<TRow> rows)
    {
        if (Interlocked.CompareExchange(ref _armedAt, -1, e.Position) == e.Position)
        {
            _reached.TrySetResult();
            _released.Wait(Guard); // a test that never releases fails on its own guard, not here
        }
        inner.Apply(e, rows);
    }
}
