using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Infrastructure.ReadModels.LowStock;

/// <summary>Raises an alert when a product's available stock drops under the threshold and clears it when it recovers.</summary>
public sealed class LowStockAlertsProjection(ReadModelOptions options) : Projection<LowStockAlert>
{
    public const string ProjectionName = "LowStockAlerts";

    public override string Name => ProjectionName;

    public override string Table => "LowStockAlerts";

    public override void Apply(StoredEvent e, IRowStore<LowStockAlert> rows)
    {
        if (e.Data is ProductRegistered registered)
        {
            rows.Put(Evaluate(new LowStockAlert { Sku = registered.Sku, Name = registered.Name, Threshold = options.LowStockThreshold }, e));
            return;
        }

        var (sku, change) = e.Data switch
        {
            ProductRenamed x => (x.Sku, (Func<LowStockAlert, LowStockAlert>)(r => r with { Name = x.Name })),
            ProductDiscontinued x => (x.Sku, r => r with { Discontinued = true }),
            StockReceived x => (x.Sku, r => r with { Available = r.Available + x.Quantity }),
            StockAdjusted x => (x.Sku, r => r with { Available = r.Available + x.Delta }),
            StockReserved x => (x.Sku, r => r with { Available = r.Available - x.Quantity }),
            ReservationReleased x => (x.Sku, r => r with { Available = r.Available + x.Quantity }),
            _ => (null, null), // StockShipped lowers on-hand and reserved together: available stays.
        };
        if (sku is null || change is null || rows.Find(sku) is not { } row) return;
        rows.Put(Evaluate(change(row), e));
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
