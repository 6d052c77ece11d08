using System.Collections.Concurrent;
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
        var time = TimeKeysOf(e.RecordedAt);
        figures.Add(time.Hour, 1);
        figures.Add(time.Day, 1);

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

    private void AddOnHand(Figures figures, string sku, int delta)
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

    private string OnHand(string sku) => KeysOf(sku).OnHand;
    private string Reserved(string sku) => KeysOf(sku).Reserved;
    private string Price(string sku) => KeysOf(sku).Price;
    private string Discontinued(string sku) => KeysOf(sku).Discontinued;

    // The keys are formatted once per product and once per hour instead of several times per event: formatting them
    // was most of this projection's Apply in a rebuild. Shared by every thread applying (live, rebuild, replay).
    private readonly ConcurrentDictionary<string, ProductKeys> _productKeys = new(StringComparer.Ordinal);
    private TimeKeys? _lastHour;

    private ProductKeys KeysOf(string sku) =>
        _productKeys.GetOrAdd(sku, s => new ProductKeys($"p:{s}:onhand", $"p:{s}:reserved", $"p:{s}:price", $"p:{s}:discontinued"));

    private TimeKeys TimeKeysOf(DateTime at)
    {
        var hour = at.Ticks / TimeSpan.TicksPerHour;
        if (Volatile.Read(ref _lastHour) is { } last && last.Bucket == hour) return last;
        var keys = new TimeKeys(hour, DashboardKeys.Hour(at), DashboardKeys.Day(at));
        Volatile.Write(ref _lastHour, keys);
        return keys;
    }

    private sealed record ProductKeys(string OnHand, string Reserved, string Price, string Discontinued);

    private sealed record TimeKeys(long Bucket, string Hour, string Day);

    private readonly struct Figures(IRowStore<DashboardFigure> rows)
    {
        public bool Has(string key) => rows.Find(key) is not null;

        public decimal Get(string key) => rows.Find(key)?.Value ?? 0;

        public void Set(string key, decimal value) => rows.Put(new DashboardFigure { Key = key, Value = value });

        public void Add(string key, decimal delta) => Set(key, Get(key) + delta);
    }
}
