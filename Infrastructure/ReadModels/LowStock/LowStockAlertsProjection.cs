using BlazorEs.Domain;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Infrastructure.ReadModels.LowStock;

/// <summary>Raises an alert when a product's available stock drops under the threshold and clears it when it recovers.</summary>
public sealed class LowStockAlertsProjection(ReadModelOptions options) : Projection<LowStockAlert>, IKeyedByStream
{
    public const string ProjectionName = "LowStockAlerts";

    public override string Name => ProjectionName;

    public override string Table => "LowStockAlerts";

    public string StreamOf(string key) => StreamIds.Product(key);

    public override void Apply(StoredEvent e, IRowStore<LowStockAlert> rows)
    {
        if (e.Data is ProductRegistered registered)
        {
            rows.Put(Evaluate(new LowStockAlert { Sku = registered.Sku, Name = registered.Name, Threshold = options.LowStockThreshold }, e));
            return;
        }

        // A price does not change an alert, and StockShipped lowers on-hand and reserved together: available stays.
        if (e.Data is PriceChanged or StockShipped || e.Data is not IProductEvent product || rows.Find(product.Sku) is not { } row) return;

        row = e.Data switch
        {
            ProductRenamed x => row with { Name = x.Name },
            ProductDiscontinued => row with { Discontinued = true },
            ProductReactivated => row with { Discontinued = false },
            StockReceived x => row with { Available = row.Available + x.Quantity },
            StockAdjusted x => row with { Available = row.Available + x.Delta },
            StockReserved x => row with { Available = row.Available - x.Quantity },
            ReservationReleased x => row with { Available = row.Available + x.Quantity },
            _ => row,
        };
        rows.Put(Evaluate(row, e));
    }

    private static LowStockAlert Evaluate(LowStockAlert row, StoredEvent e)
    {
        var low = !row.Discontinued && row.Available < row.Threshold;
        if (low == row.Active) return row;
        return low
            ? row with { Active = true, RaisedAt = e.RecordedAt, TimesRaised = row.TimesRaised + 1, Position = e.Position }
            : row with { Active = false, ClearedAt = e.RecordedAt, Position = e.Position };
    }
}
