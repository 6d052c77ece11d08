namespace BlazorEs.Infrastructure.ReadModels;

/// <summary>The "ReadModels" configuration section.</summary>
public sealed class ReadModelOptions
{
    /// <summary>A product whose available stock is under this is low. Changing it takes a rebuild of the affected projections.</summary>
    public int LowStockThreshold { get; set; } = 10;
}
