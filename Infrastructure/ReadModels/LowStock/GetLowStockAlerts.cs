using BlazorEs.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.ReadModels.LowStock;

/// <summary>Low-stock alerts: the active ones (default) or every product's watch with its history counts.</summary>
public sealed record GetLowStockAlerts(bool ActiveOnly = true) : IQuery<IReadOnlyList<LowStockAlert>>;

public sealed class GetLowStockAlertsHandler(StoreContextFactory factory, ReadModelCache cache) : IQueryHandler<GetLowStockAlerts, IReadOnlyList<LowStockAlert>>
{
    public async ValueTask<IReadOnlyList<LowStockAlert>> Handle(GetLowStockAlerts query, CancellationToken cancellationToken) =>
        await cache.GetOrAddAsync<IReadOnlyList<LowStockAlert>>(LowStockAlertsProjection.ProjectionName, query.ToString(), async () =>
        {
            await using var db = factory.CreateContext();
            var rows = db.Set<LowStockAlert>("LowStockAlerts").AsNoTracking();
            if (query.ActiveOnly) rows = rows.Where(r => r.Active);
            return await rows.OrderBy(r => r.Available).ThenBy(r => r.Sku).ToListAsync(cancellationToken);
        });
}
