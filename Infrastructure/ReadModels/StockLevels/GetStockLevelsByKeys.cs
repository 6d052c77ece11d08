using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Persistence;
using Mediator;

namespace BlazorEs.Infrastructure.ReadModels.StockLevels;

/// <summary>
/// The current rows of the given products (a primary-key lookup, in no particular order; unknown skus are left out):
/// what a live view asks for to patch the rows a ReadModelsChanged names instead of reloading its whole page.
/// </summary>
public sealed record GetStockLevelsByKeys(IReadOnlyCollection<string> Skus) : IQuery<IReadOnlyList<StockLevel>>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => KeyedLookup.Validate(Skus, nameof(Skus), "skus");
}

public sealed class GetStockLevelsByKeysHandler(StoreContextFactory factory) : IQueryHandler<GetStockLevelsByKeys, IReadOnlyList<StockLevel>>
{
    public async ValueTask<IReadOnlyList<StockLevel>> Handle(GetStockLevelsByKeys query, CancellationToken cancellationToken) =>
        await KeyedLookup.FindAsync<StockLevel>(factory, "StockLevels", nameof(StockLevel.Sku), query.Skus, cancellationToken);
}
