using BlazorEs.App.Components.Shared;
using BlazorEs.Domain.Orders;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace BlazorEs.App.Components.Pages.Orders;

/// <summary>What can happen next to an order: pay a placed one, ship a paid one, cancel either.</summary>
public sealed class OrderRowActions : GridRowActions<OrderSummary>
{
    protected override string Key => Row.OrderId;

    protected override void BuildButtons(RenderTreeBuilder b)
    {
        var id = Row.OrderId;
        var placed = Row.Status == nameof(OrderStatus.Placed);
        var paid = Row.Status == nameof(OrderStatus.Paid);
        Button<PayOrderDialog>(b, 10, Icons.Material.Filled.Payments, "Record payment", $"Record payment for {id}", $"pay-{id}", placed);
        Button<ShipOrderDialog>(b, 20, Icons.Material.Filled.LocalShipping, "Ship", $"Ship {id}", $"ship-{id}", paid);
        Button<CancelOrderDialog>(b, 30, Icons.Material.Filled.Cancel, "Cancel order", $"Cancel {id}", $"cancel-{id}", placed || paid, error: true);
    }
}
