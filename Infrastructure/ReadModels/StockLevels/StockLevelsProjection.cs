using BlazorEs.Domain;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Infrastructure.ReadModels.StockLevels;

public sealed class StockLevelsProjection : Projection<StockLevel>, IKeyedByStream
{
    public const string ProjectionName = "StockLevels";

    public override string Name => ProjectionName;

    public override string Table => "StockLevels";

    public string StreamOf(string key) => StreamIds.Product(key);

    public override void Apply(StoredEvent e, IRowStore<StockLevel> rows)
    {
        if (e.Data is ProductRegistered registered)
        {
            rows.Put(Touch(new StockLevel { Sku = registered.Sku, Name = registered.Name, Price = registered.Price }, e));
            return;
        }

        if (e.Data is not IProductEvent product || rows.Find(product.Sku) is not { } row) return;

        row = e.Data switch
        {
            ProductRenamed x => row with { Name = x.Name },
            PriceChanged x => row with { Price = x.Price },
            ProductDiscontinued => row with { Discontinued = true },
            ProductReactivated => row with { Discontinued = false },
            StockReceived x => row with { OnHand = row.OnHand + x.Quantity },
            StockAdjusted x => row with { OnHand = row.OnHand + x.Delta },
            StockReserved x => row with { Reserved = row.Reserved + x.Quantity },
            ReservationReleased x => row with { Reserved = row.Reserved - x.Quantity },
            StockShipped x => row with { OnHand = row.OnHand - x.Quantity, Reserved = row.Reserved - x.Quantity, ShippedTotal = row.ShippedTotal + x.Quantity },
            _ => row,
        };
        rows.Put(Touch(row, e));
    }

    private static StockLevel Touch(StockLevel row, StoredEvent e) => row with
    {
        Available = row.OnHand - row.Reserved,
        LastChangedAt = e.RecordedAt,
        LastChangedBy = e.Metadata.UserId,
        StreamVersion = e.StreamVersion,
        Position = e.Position,
    };
}
