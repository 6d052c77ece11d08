using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Mediator;

namespace BlazorEs.App.Components.Pages.Products;

internal static class StockLevelLookup
{
    /// <summary>One product's current row (the grid query searches by substring; the exact sku is picked out).</summary>
    public static async Task<StockLevel?> FindAsync(IMediator mediator, string sku, CancellationToken ct = default)
    {
        var page = await mediator.Send(new GetStockLevels(new GridRequest(1, 50, nameof(StockLevel.Sku), Search: sku)), ct);
        return page.Items.FirstOrDefault(p => p.Sku == sku);
    }
}
