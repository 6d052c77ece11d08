using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using Mediator;

namespace BlazorEs.App.Components.Pages.Orders;

internal static class OrderSummaryLookup
{
    /// <summary>One order's current row (the grid query searches by substring; the exact id is picked out).</summary>
    public static async Task<OrderSummary?> FindAsync(IMediator mediator, string orderId, CancellationToken ct = default)
    {
        var page = await mediator.Send(new GetOrderSummaries(new GridRequest(1, 50, Search: orderId)), ct);
        return page.Items.FirstOrDefault(o => o.OrderId == orderId);
    }
}
