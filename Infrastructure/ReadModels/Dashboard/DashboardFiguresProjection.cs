using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Infrastructure.ReadModels.Dashboard;

/// <summary>
/// Orders by status, revenue paid, stock value, low-stock count and events per hour and per day, kept as running
/// totals so the dashboard reads a handful of rows. Its only working rows are four numbers per product.
/// </summary>
public sealed class DashboardFiguresProjection(ReadModelOptions options) : Projection<DashboardFigure>
{
    public const string ProjectionName = "DashboardFigures";

    public override string Name => ProjectionName;

    public override string Table => "DashboardFigures";

    public override void Apply(StoredEvent e, IRowStore<DashboardFigure> rows)
    {
        var figures = new Figures(rows);
        figures.Add(DashboardKeys.EventsTotal, 1);
        figures.Add(DashboardKeys.Hour(e.RecordedAt), 1);
        figures.Add(DashboardKeys.Day(e.RecordedAt), 1);

        switch (e.Data)
        {
            case ProductRegistered x:
                ChangeStock(figures, x.Sku, () => figures.Set(Price(x.Sku), x.Price));
                break;
            case PriceChanged x:
                figures.Add(DashboardKeys.StockValue, figures.Get(OnHand(x.Sku)) * (x.Price - figures.Get(Price(x.Sku))));
                figures.Set(Price(x.Sku), x.Price);
                break;
            case ProductDiscontinued x:
                ChangeStock(figures, x.Sku, () => figures.Set(Discontinued(x.Sku), 1));
                break;
            case StockReceived x:
                ChangeStock(figures, x.Sku, () => AddOnHand(figures, x.Sku, x.Quantity));
                break;
            case StockAdjusted x:
                ChangeStock(figures, x.Sku, () => AddOnHand(figures, x.Sku, x.Delta));
                break;
            case StockReserved x:
                ChangeStock(figures, x.Sku, () => figures.Add(Reserved(x.Sku), x.Quantity));
                break;
            case ReservationReleased x:
                ChangeStock(figures, x.Sku, () => figures.Add(Reserved(x.Sku), -x.Quantity));
                break;
            case StockShipped x:
                ChangeStock(figures, x.Sku, () =>
                {
                    AddOnHand(figures, x.Sku, -x.Quantity);
                    figures.Add(Reserved(x.Sku), -x.Quantity);
                });
                break;
            // Each order event says which status it leaves, so no per-order row is needed.
            case OrderPlaced:
                MoveOrder(figures, null, OrderStatus.Placed);
                break;
            case OrderPaid x:
                MoveOrder(figures, OrderStatus.Placed, OrderStatus.Paid);
                figures.Add(DashboardKeys.RevenuePaid, x.Amount);
                break;
            case OrderShipped:
                MoveOrder(figures, OrderStatus.Paid, OrderStatus.Shipped);
                break;
            case OrderCancelled x:
                MoveOrder(figures, x.WasPaid ? OrderStatus.Paid : OrderStatus.Placed, OrderStatus.Cancelled);
                break;
        }
    }

    private static void AddOnHand(Figures figures, string sku, int delta)
    {
        figures.Add(OnHand(sku), delta);
        figures.Add(DashboardKeys.StockValue, delta * figures.Get(Price(sku)));
    }

    /// <summary>Applies a change to one product and keeps the low-stock count in step with it.</summary>
    private void ChangeStock(Figures figures, string sku, Action change)
    {
        var wasLow = IsLow(figures, sku);
        change();
        var isLow = IsLow(figures, sku);
        if (wasLow != isLow) figures.Add(DashboardKeys.LowStockCount, isLow ? 1 : -1);
    }

    private bool IsLow(Figures figures, string sku) =>
        figures.Has(Price(sku))
        && figures.Get(Discontinued(sku)) == 0
        && figures.Get(OnHand(sku)) - figures.Get(Reserved(sku)) < options.LowStockThreshold;

    private static void MoveOrder(Figures figures, OrderStatus? from, OrderStatus to)
    {
        if (from is { } left) figures.Add(DashboardKeys.Orders(left.ToString()), -1);
        figures.Add(DashboardKeys.Orders(to.ToString()), 1);
    }

    private static string OnHand(string sku) => $"p:{sku}:onhand";
    private static string Reserved(string sku) => $"p:{sku}:reserved";
    private static string Price(string sku) => $"p:{sku}:price";
    private static string Discontinued(string sku) => $"p:{sku}:discontinued";

    private readonly struct Figures(IRowStore<DashboardFigure> rows)
    {
        public bool Has(string key) => rows.Find(key) is not null;

        public decimal Get(string key) => rows.Find(key)?.Value ?? 0;

        public void Set(string key, decimal value) => rows.Put(new DashboardFigure { Key = key, Value = value });

        public void Add(string key, decimal delta) => Set(key, Get(key) + delta);
    }
}
