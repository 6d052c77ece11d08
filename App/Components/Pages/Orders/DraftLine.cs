namespace BlazorEs.App.Components.Pages.Orders;

/// <summary>One line of an order being placed; <see cref="Id"/> keeps its editor when lines above it are removed.</summary>
public sealed class DraftLine(int id)
{
    public int Id { get; } = id;
    public string? Sku { get; set; }
    public int Quantity { get; set; } = 1;
}
