using BlazorEs.Infrastructure.Replay;

namespace BlazorEs.App.Api;

/// <summary>One read model's part of a diff page: the totals, and this page of each kind of row.</summary>
internal sealed record ReadModelDiffPage(
    string Projection,
    int AddedTotal,
    int RemovedTotal,
    int ChangedTotal,
    IReadOnlyList<object> Added,
    IReadOnlyList<object> Removed,
    IReadOnlyList<RowChange> Changed);

/// <summary>
/// /api/replay/diff as answered: the figures whole (a handful), and per read model the totals with one page of the
/// rows added, removed and changed — never the whole diff of two full read models in one answer.
/// </summary>
internal sealed record ReplayDiffPage(AsOfPoint From, AsOfPoint To, IReadOnlyList<FigureChange> Figures, IReadOnlyList<ReadModelDiffPage> ReadModels, int Page, int PageSize)
{
    public static ReplayDiffPage Of(ReplayDiff diff, int page, int pageSize)
    {
        var skip = (int)Math.Min(int.MaxValue, ((long)page - 1) * pageSize);
        return new ReplayDiffPage(diff.From, diff.To, diff.Figures, diff.ReadModels.Select(m => new ReadModelDiffPage(
            m.Projection, m.Added.Count, m.Removed.Count, m.Changed.Count,
            m.Added.Skip(skip).Take(pageSize).ToList(), m.Removed.Skip(skip).Take(pageSize).ToList(), m.Changed.Skip(skip).Take(pageSize).ToList())).ToList(),
            page, pageSize);
    }
}
