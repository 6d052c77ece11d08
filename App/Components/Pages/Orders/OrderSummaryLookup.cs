using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using Mediator;

namespace BlazorEs.App.Components.Pages.Orders;

internal static class OrderSummaryLookup
{
    /// <summary>One order's current row, null when there is none.</summary>
    public static async Task<OrderSummary?> FindAsync(IMediator mediator, string orderId, CancellationToken ct = default) =>
        (await mediator.Send(new GetOrderSummariesByKeys([orderId]), ct)).FirstOrDefault();
}
