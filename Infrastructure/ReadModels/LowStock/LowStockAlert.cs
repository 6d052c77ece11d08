using BlazorEs.Infrastructure.Projections;
using MemoryPack;

namespace BlazorEs.Infrastructure.ReadModels.LowStock;

/// <summary>
/// One product's low-stock watch: <see cref="Active"/> while available stock is under the threshold, with when
/// the alert was last raised and cleared and how often it was raised.
/// </summary>
[MemoryPackable]
public sealed partial record LowStockAlert : IReadModelRow
{
    public string Sku { get; init; } = "";
    public string Name { get; init; } = "";
    public int Available { get; init; }
    public int Threshold { get; init; }
    public bool Active { get; init; }
    public bool Discontinued { get; init; }
    public DateTime? RaisedAt { get; init; }
    public DateTime? ClearedAt { get; init; }
    public int TimesRaised { get; init; }
    public long Position { get; init; }

    public string Key => Sku;
}
