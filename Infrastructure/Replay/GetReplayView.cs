using System.Globalization;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>Every screen's data as of a point: what the replay screen shows. Computed in memory; writes and pushes nothing.</summary>
public sealed record GetReplayView(long? Position, DateTime? At) : IQuery<ReplayView>;

public sealed record ReplayView(
    AsOfPoint Point,
    DashboardView Dashboard,
    IReadOnlyList<StockLevel> Stock,
    IReadOnlyList<OrderSummary> Orders,
    IReadOnlyList<LowStockAlert> LowStock,
    StoredEvent? EventAtCursor);

public sealed class GetReplayViewHandler(ReplayAsOf replay, EventReader reader) : IQueryHandler<GetReplayView, ReplayView>
{
    public async ValueTask<ReplayView> Handle(GetReplayView query, CancellationToken cancellationToken)
    {
        var point = await replay.ResolveAsync(query.Position, query.At, cancellationToken);
        var state = await replay.AllAsync(point.Position, cancellationToken);
        var cursor = point.Position > 0 ? (await reader.ReadAllAsync(point.Position - 1, 1, point.Position, cancellationToken)).SingleOrDefault() : null;
        return new ReplayView(
            point,
            ReplayAsOf.Dashboard(state[DashboardFiguresProjection.ProjectionName], point),
            state[StockLevelsProjection.ProjectionName].Rows.Cast<StockLevel>().ToList(),
            state[OrderSummariesProjection.ProjectionName].Rows.Cast<OrderSummary>().OrderByDescending(o => o.PlacedAt).ToList(),
            state[LowStockAlertsProjection.ProjectionName].Rows.Cast<LowStockAlert>().Where(a => a.Active).OrderBy(a => a.Available).ToList(),
            cursor);
    }
}

/// <summary>The whole history at a glance, for the scrubber: its bounds and how busy each day was.</summary>
public sealed record GetHistoryOutline : IQuery<HistoryOutline>;

public sealed record HistoryOutline(long Head, DateTime? First, DateTime? Last, IReadOnlyList<TimeCount> EventsPerDay);

public sealed class GetHistoryOutlineHandler(EventReader reader, StoreContextFactory factory) : IQueryHandler<GetHistoryOutline, HistoryOutline>
{
    public async ValueTask<HistoryOutline> Handle(GetHistoryOutline query, CancellationToken cancellationToken)
    {
        var head = await reader.HeadPositionAsync(cancellationToken);
        if (head == 0) return new HistoryOutline(0, null, null, []);
        var first = (await reader.ReadAllAsync(0, 1, ct: cancellationToken))[0].RecordedAt;
        var last = (await reader.ReadAllAsync(head - 1, 1, ct: cancellationToken))[0].RecordedAt;
        await using var db = factory.CreateContext();
        // The live dashboard already counts events per day: the density strip reads those rows, not the log.
        var rows = await db.Set<DashboardFigure>("DashboardFigures").AsNoTracking()
            .Where(f => f.Key.StartsWith(DashboardKeys.DayPrefix))
            .ToListAsync(cancellationToken);
        var days = rows
            .Select(f => new TimeCount(DateTime.ParseExact(f.Key[DashboardKeys.DayPrefix.Length..], DashboardKeys.DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal), (long)f.Value))
            .OrderBy(d => d.Start)
            .ToList();
        return new HistoryOutline(head, first, last, days);
    }
}
