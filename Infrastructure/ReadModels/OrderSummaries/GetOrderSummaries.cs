using BlazorEs.Domain.Orders;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.ReadModels.OrderSummaries;

/// <summary>Orders for the grid: a page, optionally of one status, searched by order id or customer.</summary>
public sealed record GetOrderSummaries(GridRequest Grid, string? Status = null) : IQuery<Page<OrderSummary>>, IValidatable
{
    public static readonly string[] Sortable =
        [nameof(OrderSummary.OrderId), nameof(OrderSummary.Customer), nameof(OrderSummary.Status), nameof(OrderSummary.LineCount),
         nameof(OrderSummary.Total), nameof(OrderSummary.PlacedAt), nameof(OrderSummary.LastChangedAt)];

    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        Grid.AddErrors(errors, Sortable);
        if (Status is not null && (!Enum.TryParse<OrderStatus>(Status, true, out var s) || s == OrderStatus.None))
            errors["status"] = ["status must be one of: Placed, Paid, Shipped, Cancelled."];
        return errors;
    }
}

public sealed class GetOrderSummariesHandler(StoreContextFactory factory, ReadModelCache cache)
    : IQueryHandler<GetOrderSummaries, Page<OrderSummary>>
{
    public async ValueTask<Page<OrderSummary>> Handle(GetOrderSummaries query, CancellationToken cancellationToken) =>
        await cache.GetOrAddAsync(OrderSummariesProjection.ProjectionName, query.ToString(), async () =>
        {
            await using var db = factory.CreateContext();
            var rows = db.Set<OrderSummary>("OrderSummaries").AsNoTracking();
            if (query.Status is not null)
            {
                var status = Enum.Parse<OrderStatus>(query.Status, true).ToString();
                rows = rows.Where(r => r.Status == status);
            }
            if (!string.IsNullOrWhiteSpace(query.Grid.Search))
            {
                var search = query.Grid.Search.Trim();
                rows = rows.Where(r => r.OrderId.Contains(search.ToUpper()) || r.Customer.ToLower().Contains(search.ToLower()));
            }
            var total = await rows.CountAsync(cancellationToken);
            var sort = GetOrderSummaries.Sortable.FirstOrDefault(s => s.Equals(query.Grid.SortBy, StringComparison.OrdinalIgnoreCase)) ?? nameof(OrderSummary.PlacedAt);
            var descending = query.Grid.SortBy is null || query.Grid.Descending;
            var ordered = descending ? rows.OrderByDescending(r => EF.Property<object>(r, sort)) : rows.OrderBy(r => EF.Property<object>(r, sort));
            var items = await ordered.ThenBy(r => r.OrderId).Skip(query.Grid.Skip).Take(query.Grid.PageSize).ToListAsync(cancellationToken);
            return new Page<OrderSummary>(items, total, query.Grid.PageNumber, query.Grid.PageSize);
        });
}
