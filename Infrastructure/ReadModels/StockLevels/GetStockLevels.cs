using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.ReadModels.StockLevels;

/// <summary>Products with their stock: a grid page, optionally only low-stock or only active products.</summary>
public sealed record GetStockLevels(GridRequest Grid, bool LowOnly = false, bool IncludeDiscontinued = true) : IQuery<Page<StockLevel>>, IValidatable
{
    public static readonly string[] Sortable =
        [nameof(StockLevel.Sku), nameof(StockLevel.Name), nameof(StockLevel.Price), nameof(StockLevel.OnHand), nameof(StockLevel.Reserved),
         nameof(StockLevel.Available), nameof(StockLevel.ShippedTotal), nameof(StockLevel.LastChangedAt)];

    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        Grid.AddErrors(errors, Sortable);
        return errors;
    }
}

public sealed class GetStockLevelsHandler(StoreContextFactory factory, ReadModelCache cache, ReadModelOptions options)
    : IQueryHandler<GetStockLevels, Page<StockLevel>>
{
    public async ValueTask<Page<StockLevel>> Handle(GetStockLevels query, CancellationToken cancellationToken) =>
        await cache.GetOrAddAsync(StockLevelsProjection.ProjectionName, query.ToString(), async () =>
        {
            await using var db = factory.CreateContext();
            var rows = db.Set<StockLevel>("StockLevels").AsNoTracking();
            if (query.LowOnly) rows = rows.Where(r => !r.Discontinued && r.Available < options.LowStockThreshold);
            if (!query.IncludeDiscontinued) rows = rows.Where(r => !r.Discontinued);
            if (!string.IsNullOrWhiteSpace(query.Grid.Search))
            {
                var search = query.Grid.Search.Trim();
                rows = rows.Where(r => r.Sku.Contains(search.ToUpper()) || r.Name.ToLower().Contains(search.ToLower()));
            }
            var total = await rows.CountAsync(cancellationToken);
            var sort = GetStockLevels.Sortable.FirstOrDefault(s => s.Equals(query.Grid.SortBy, StringComparison.OrdinalIgnoreCase)) ?? nameof(StockLevel.Sku);
            var ordered = query.Grid.Descending ? rows.OrderByDescending(r => EF.Property<object>(r, sort)) : rows.OrderBy(r => EF.Property<object>(r, sort));
            var items = await ordered.ThenBy(r => r.Sku).Skip(query.Grid.Skip).Take(query.Grid.PageSize).ToListAsync(cancellationToken);
            return new Page<StockLevel>(items, total, query.Grid.PageNumber, query.Grid.PageSize);
        });
}
