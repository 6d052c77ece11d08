namespace BlazorEs.Domain.Products;

public sealed record RegisterProduct(string Sku, string Name, decimal Price) : IWarehouseCommand;

public sealed record RenameProduct(string Sku, string Name) : IWarehouseCommand;

public sealed record ChangePrice(string Sku, decimal Price) : IWarehouseCommand;

public sealed record DiscontinueProduct(string Sku) : IWarehouseCommand;

public sealed record ReceiveStock(string Sku, int Quantity, string Reference) : IWarehouseCommand;

public sealed record AdjustStock(string Sku, int Delta, string Reason) : IWarehouseCommand;
