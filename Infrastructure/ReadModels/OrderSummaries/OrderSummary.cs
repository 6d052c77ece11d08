using BlazorEs.Infrastructure.Projections;
using MemoryPack;

namespace BlazorEs.Infrastructure.ReadModels.OrderSummaries;

/// <summary>One order as the order grid shows it.</summary>
[MemoryPackable]
public sealed partial record OrderSummary : IReadModelRow
{
    public string OrderId { get; init; } = "";
    public string Customer { get; init; } = "";
    public string Status { get; init; } = "";
    public int LineCount { get; init; }
    public decimal Total { get; init; }
    public DateTime PlacedAt { get; init; }
    public DateTime? PaidAt { get; init; }
    public DateTime? ShippedAt { get; init; }
    public DateTime? CancelledAt { get; init; }
    public DateTime LastChangedAt { get; init; }
    public string LastChangedBy { get; init; } = "";
    public long StreamVersion { get; init; }
    public long Position { get; init; }

    public string Key => OrderId;
}
