using BlazorEs.Infrastructure.Projections;
using MemoryPack;

namespace BlazorEs.Infrastructure.ReadModels.StockLevels;

/// <summary>One product's stock as the screens show it.</summary>
[MemoryPackable]
public sealed partial record StockLevel : IReadModelRow
{
    public string Sku { get; init; } = "";
    public string Name { get; init; } = "";
    public decimal Price { get; init; }
    public int OnHand { get; init; }
    public int Reserved { get; init; }
    public int Available { get; init; }
    public int ShippedTotal { get; init; }
    public bool Discontinued { get; init; }
    public DateTime LastChangedAt { get; init; }
    public string LastChangedBy { get; init; } = "";
    public long StreamVersion { get; init; }
    public long Position { get; init; }

    public string Key => Sku;
}
