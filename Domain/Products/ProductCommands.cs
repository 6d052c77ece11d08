namespace BlazorEs.Domain.Products;

/// <summary>A command decided on one product-{sku} stream alone, by <see cref="Product.Decide"/>.</summary>
public interface IProductCommand : IWarehouseCommand
{
    string Sku { get; }

    string IWarehouseCommand.PrimaryStream => StreamIds.Product(Sku);
}

public sealed record RegisterProduct(string Sku, string Name, decimal Price) : IProductCommand;

public sealed record RenameProduct(string Sku, string Name) : IProductCommand;

public sealed record ChangePrice(string Sku, decimal Price) : IProductCommand;

public sealed record DiscontinueProduct(string Sku) : IProductCommand;

/// <summary>Takes a discontinued product back into the range: it takes orders and receipts again.</summary>
public sealed record ReactivateProduct(string Sku) : IProductCommand;

public sealed record ReceiveStock(string Sku, int Quantity, string Reference) : IProductCommand;

public sealed record AdjustStock(string Sku, int Delta, string Reason) : IProductCommand;
