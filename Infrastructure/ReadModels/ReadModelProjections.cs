using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;

namespace BlazorEs.Infrastructure.ReadModels;

/// <summary>The projections of the warehouse read side, in one list.</summary>
public static class ReadModelProjections
{
    public static IReadOnlyList<IProjection> All(ReadModelOptions options) =>
    [
        new StockLevelsProjection(),
        new OrderSummariesProjection(),
        new DashboardFiguresProjection(options),
        new LowStockAlertsProjection(options),
    ];
}
