using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Persistence;
using Mediator;

namespace BlazorEs.Infrastructure.ReadModels.OrderSummaries;

/// <summary>
/// The current rows of the given orders (a primary-key lookup, in no particular order; unknown ids are left out): what
/// the orders grid asks for to patch the rows a ReadModelsChanged names, and what a dialog reads its order's row with.
/// </summary>
public sealed record GetOrderSummariesByKeys(IReadOnlyCollection<string> OrderIds) : IQuery<IReadOnlyList<OrderSummary>>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => KeyedLookup.Validate(OrderIds, nameof(OrderIds), "order ids");
}

public sealed class GetOrderSummariesByKeysHandler(StoreContextFactory factory) : IQueryHandler<GetOrderSummariesByKeys, IReadOnlyList<OrderSummary>>
{
    public async ValueTask<IReadOnlyList<OrderSummary>> Handle(GetOrderSummariesByKeys query, CancellationToken cancellationToken) =>
        await KeyedLookup.FindAsync<OrderSummary>(factory, "OrderSummaries", nameof(OrderSummary.OrderId), query.OrderIds, cancellationToken);
}
