using BlazorEs.Infrastructure.ReadModels.Dashboard;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>
/// The dashboard's figures as of a point, for the totals of a page of replayed orders: restored once per position and
/// kept for the pages that follow (the replay screen turns pages of one point; the log up to a point never changes, so
/// neither do its figures). The replay screen's own restore hands its figures over (<see cref="Remember"/>), so even
/// its first page turn restores nothing. A handful of recent positions, a few KB each.
/// </summary>
public sealed class ReplayFigures(ReplayAsOf replay)
{
    /// <summary>Positions kept: a few operators each on a point of their own.</summary>
    internal const int Kept = 16;

    private readonly Lock _gate = new();
    private readonly LinkedList<(long Position, DashboardView Figures)> _recent = new();
    private readonly Dictionary<long, Task<DashboardView>> _restoring = [];

    /// <summary>
    /// The figures as of <paramref name="point"/>: kept ones, else restored (a replay slot, like every as-of). Callers
    /// asking for the same new point at the same time share one restore.
    /// </summary>
    public async Task<DashboardView> AsOfAsync(AsOfPoint point, CancellationToken ct)
    {
        Task<DashboardView> restore;
        lock (_gate)
        {
            if (Find(point.Position) is { } node)
            {
                _recent.Remove(node);
                _recent.AddFirst(node); // most recently used first
                return node.Value.Figures;
            }
            // Not on the caller's token: another caller may be waiting for it. A caller that gives up stops waiting only.
            if (!_restoring.TryGetValue(point.Position, out restore!))
                _restoring[point.Position] = restore = RestoreAsync(point);
        }
        return await restore.WaitAsync(ct);
    }

    private async Task<DashboardView> RestoreAsync(AsOfPoint point)
    {
        await Task.Yield(); // registered under the gate before any of the restore runs
        try
        {
            var figures = ReplayAsOf.Dashboard(await replay.ReadModelAsync(DashboardFiguresProjection.ProjectionName, point.Position, CancellationToken.None), point);
            Remember(point, figures);
            return figures;
        }
        finally
        {
            lock (_gate) _restoring.Remove(point.Position);
        }
    }

    /// <summary>Figures restored as of <paramref name="point"/> by someone else (the replay screen's view).</summary>
    public void Remember(AsOfPoint point, DashboardView figures)
    {
        if (point.Position == 0) return; // before the first event: nothing to restore, nothing worth keeping
        lock (_gate)
        {
            if (Find(point.Position) is { } old) _recent.Remove(old);
            _recent.AddFirst((point.Position, figures));
            while (_recent.Count > Kept) _recent.RemoveLast();
        }
    }

    /// <summary>How many positions are kept now (at most <see cref="Kept"/>).</summary>
    internal int Count
    {
        get
        {
            lock (_gate) return _recent.Count;
        }
    }

    /// <summary>Under the gate: the kept entry of <paramref name="position"/>, if any (a linear look: at most <see cref="Kept"/>).</summary>
    private LinkedListNode<(long Position, DashboardView Figures)>? Find(long position)
    {
        for (var node = _recent.First; node is not null; node = node.Next)
            if (node.Value.Position == position) return node;
        return null;
    }
}
