using BlazorEs.App.Components.Shared;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace BlazorEs.App.Components.Pages.Products;

/// <summary>One product's commands. Discontinued products can still be adjusted (write-offs) and be reactivated; nothing else.</summary>
public sealed class ProductRowActions : GridRowActions<StockLevel>
{
    protected override string Key => Row.Sku;

    protected override void BuildButtons(RenderTreeBuilder b)
    {
        var sku = Row.Sku;
        var active = !Row.Discontinued;
        Button<RenameProductDialog>(b, 10, Icons.Material.Filled.Edit, "Rename", $"Rename {sku}", $"rename-{sku}", active);
        Button<ChangePriceDialog>(b, 20, Icons.Material.Filled.Sell, "Change price", $"Change price of {sku}", $"change-price-{sku}", active);
        Button<ReceiveStockDialog>(b, 30, Icons.Material.Filled.AddBox, "Receive stock", $"Receive stock into {sku}", $"receive-{sku}", active);
        Button<AdjustStockDialog>(b, 40, Icons.Material.Filled.Tune, "Adjust stock", $"Adjust stock of {sku}", $"adjust-{sku}", possible: true);
        Button<DiscontinueProductDialog>(b, 50, Icons.Material.Filled.Block, "Discontinue", $"Discontinue {sku}", $"discontinue-{sku}", active, error: true);
        if (Row.Discontinued)
            Button<ReactivateProductDialog>(b, 60, Icons.Material.Filled.SettingsBackupRestore, "Reactivate", $"Reactivate {sku}", $"reactivate-{sku}", possible: true, success: true);
    }
}
