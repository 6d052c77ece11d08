namespace BlazorEs.Domain.Products;

/// <summary>What a product-{sku} stream says now: the state product decisions are made against.</summary>
public sealed partial record Product(
    string Sku,
    string Name,
    decimal Price,
    int OnHand,
    int Reserved,
    int Shipped,
    bool Discontinued,
    bool Exists)
{
    /// <summary>The state of a stream with no events yet.</summary>
    public static Product Initial { get; } = new("", "", 0m, 0, 0, 0, false, false);

    /// <summary>What a new order may still reserve.</summary>
    public int Available => OnHand - Reserved;

    public static Product Evolve(Product state, object @event) =>
        @event switch
        {
            ProductRegistered e => state with { Exists = true, Sku = e.Sku, Name = e.Name, Price = e.Price },
            ProductRenamed e => state with { Name = e.Name },
            PriceChanged e => state with { Price = e.Price },
            ProductDiscontinued => state with { Discontinued = true },
            ProductReactivated => state with { Discontinued = false },
            StockReceived e => state with { OnHand = state.OnHand + e.Quantity },
            StockAdjusted e => state with { OnHand = state.OnHand + e.Delta },
            StockReserved e => state with { Reserved = state.Reserved + e.Quantity },
            ReservationReleased e => state with { Reserved = state.Reserved - e.Quantity },
            StockShipped e => state with
            {
                OnHand = state.OnHand - e.Quantity,
                Reserved = state.Reserved - e.Quantity,
                Shipped = state.Shipped + e.Quantity,
            },
            _ => state,
        };
}
