using System.Collections.Concurrent;
using System.Collections.Frozen;
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

        // Renames and price changes cannot change a product's low-stock state (a price change is below).
        if (e.Data is IProductEvent product and not (ProductRenamed or PriceChanged))
        {
            ApplyToProduct(figures, KeysOf(product.Sku), e.Data);
            return;
        }

        switch (e.Data)
        {
            case PriceChanged x:
                var keys = KeysOf(x.Sku);
                figures.Add(DashboardKeys.StockValue, figures.Get(keys.OnHand) * (x.Price - figures.Get(keys.Price)));
                figures.Set(keys.Price, x.Price);
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

    /// <summary>
    /// Applies a change to one product and keeps the low-stock count in step with it. The product's keys are looked up
    /// once per event and no closure is allocated: Apply runs once per event in a rebuild of the whole log.
    /// </summary>
    private void ApplyToProduct(Figures figures, ProductKeys keys, object data)
    {
        var wasLow = IsLow(figures, keys);
        switch (data)
        {
            case ProductRegistered x:
                figures.Set(keys.Price, x.Price);
                break;
            case ProductDiscontinued:
                figures.Set(keys.Discontinued, 1);
                break;
            case ProductReactivated:
                figures.Set(keys.Discontinued, 0);
                break;
            case StockReceived x:
                AddOnHand(figures, keys, x.Quantity);
                break;
            case StockAdjusted x:
                AddOnHand(figures, keys, x.Delta);
                break;
            case StockReserved x:
                figures.Add(keys.Reserved, x.Quantity);
                break;
            case ReservationReleased x:
                figures.Add(keys.Reserved, -x.Quantity);
                break;
            case StockShipped x:
                AddOnHand(figures, keys, -x.Quantity);
                figures.Add(keys.Reserved, -x.Quantity);
                break;
        }
        var isLow = IsLow(figures, keys);
        if (wasLow != isLow) figures.Add(DashboardKeys.LowStockCount, isLow ? 1 : -1);
    }

    private static void AddOnHand(Figures figures, ProductKeys keys, int delta)
    {
        figures.Add(keys.OnHand, delta);
        figures.Add(DashboardKeys.StockValue, delta * figures.Get(keys.Price));
    }

    private bool IsLow(Figures figures, ProductKeys keys) =>
        figures.Has(keys.Price)
        && figures.Get(keys.Discontinued) == 0
        && figures.Get(keys.OnHand) - figures.Get(keys.Reserved) < options.LowStockThreshold;

    private static void MoveOrder(Figures figures, OrderStatus? from, OrderStatus to)
    {
        if (from is { } left) figures.Add(OrderKeys[left], -1);
        figures.Add(OrderKeys[to], 1);
    }

    private static readonly FrozenDictionary<OrderStatus, string> OrderKeys =
        Enum.GetValues<OrderStatus>().ToFrozenDictionary(s => s, s => DashboardKeys.Orders(s.ToString()));

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
