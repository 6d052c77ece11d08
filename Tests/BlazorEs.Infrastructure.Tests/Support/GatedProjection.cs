using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Infrastructure.Tests.Support;

/// <summary>
/// A real projection whose Apply of a stock receipt waits while the gate is closed: a rebuild or a replay that reaches
/// one stands still until the test opens the gate, so "while it runs" is a state a test can hold. Other events (the
/// operator audit's, new commands') pass, so live catch-up is not held.
/// </summary>
internal sealed class GatedProjection<TRow>(Projection<TRow> release) : Projection<TRow> where TRow : class, IReadModelRow
{
    private readonly ManualResetEventSlim _open = new(initialState: true);

    public override string Name => release.Name;

    public override string Table => release.Table;

    /// <summary>Set when an Apply is waiting at the closed gate.</summary>
    public TaskCompletionSource Waiting { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Close()
    {
        Waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _open.Reset();
    }

    public void Open() => _open.Set();

    public override void Apply(StoredEvent e, IRowStore<TRow> rows)
    {
        if (!_open.IsSet && e.Data is BlazorEs.Domain.Products.StockReceived)
        {
            Waiting.TrySetResult();
            _open.Wait(TimeSpan.FromSeconds(60));
        }
        release.Apply(e, rows);
    }
}
