using System.Globalization;
using BlazorEs.Domain.Orders;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>
/// Every screen's data as of a point: what the replay screen shows. The figures, stock levels and low-stock alerts
/// whole (a row per product), the orders as their first page (<see cref="OrdersAsOf"/>: the orders grow with the
/// history, a page does not). Computed in memory; writes and pushes nothing.
/// </summary>
public sealed record GetReplayView(long? Position, DateTime? At, int OrdersPageSize = GetReplayView.DefaultOrdersPageSize) : IQuery<ReplayView>
{
    public const int DefaultOrdersPageSize = 10;
}

public sealed record ReplayView(
    AsOfPoint Point,
    DashboardView Dashboard,
    IReadOnlyList<StockLevel> Stock,
    Page<OrderSummary> Orders,
    IReadOnlyList<LowStockAlert> LowStock,
    StoredEvent? EventAtCursor);

public sealed class GetReplayViewHandler(ReplayAsOf replay, OrdersAsOf orders, ReplayFigures figures, EventReader reader) : IQueryHandler<GetReplayView, ReplayView>
{
    private static readonly string[] WholeReadModels =
        [DashboardFiguresProjection.ProjectionName, StockLevelsProjection.ProjectionName, LowStockAlertsProjection.ProjectionName];

    public async ValueTask<ReplayView> Handle(GetReplayView query, CancellationToken cancellationToken)
    {
        var point = await replay.ResolveAsync(query.Position, query.At, cancellationToken);
        var state = await replay.ReadModelsAsync(WholeReadModels, point.Position, cancellationToken);
        var dashboard = ReplayAsOf.Dashboard(state[DashboardFiguresProjection.ProjectionName], point);
        figures.Remember(point, dashboard); // the orders grid's next pages take their totals from these
        var firstOrders = await orders.PageAsync(point.Position, dashboard, null, 1, query.OrdersPageSize, cancellationToken);
        var cursor = point.Position > 0 ? (await reader.ReadAllAsync(point.Position - 1, 1, point.Position, cancellationToken)).SingleOrDefault() : null;
        return new ReplayView(
            point,
            dashboard,
            state[StockLevelsProjection.ProjectionName].Rows.Cast<StockLevel>().ToList(),
            firstOrders,
            state[LowStockAlertsProjection.ProjectionName].Rows.Cast<LowStockAlert>().Where(a => a.Active).OrderBy(a => a.Available).ToList(),
            cursor);
    }
}

/// <summary>
/// A page of the orders as of a position (newest placed first), of one status or every one: the replay screen's
/// orders grid turning pages and the API's /api/replay/order-summaries. The totals come from the dashboard's figures
/// as of the position (<see cref="ReplayFigures"/>: restored once per position, then kept for the next pages).
/// </summary>
public sealed record GetReplayOrders(long Position, string? Status = null, int PageNumber = 1, int PageSize = GetReplayView.DefaultOrdersPageSize)
    : IQuery<Page<OrderSummary>>, IValidatable
{
    /// <summary>The statuses an order can have, as its row names them.</summary>
    public static IReadOnlyList<string> Statuses => OrdersAsOf.Statuses;

    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Position < 0) errors["position"] = ["The position must be 0 or more."];
        if (Status is not null && !Statuses.Contains(Status, StringComparer.Ordinal))
            errors["status"] = [$"status must be one of: {string.Join(", ", Statuses)}."];
        new GridRequest(PageNumber, PageSize).AddErrors(errors, []); // page and pageSize as every grid checks them
        return errors;
    }
}

public sealed class GetReplayOrdersHandler(ReplayAsOf replay, OrdersAsOf orders, ReplayFigures figures) : IQueryHandler<GetReplayOrders, Page<OrderSummary>>
{
    public async ValueTask<Page<OrderSummary>> Handle(GetReplayOrders query, CancellationToken cancellationToken)
    {
        var point = await replay.ResolveAsync(query.Position, null, cancellationToken);
        var totals = await figures.AsOfAsync(point, cancellationToken);
        return await orders.PageAsync(point.Position, totals, query.Status, query.PageNumber, query.PageSize, cancellationToken);
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
