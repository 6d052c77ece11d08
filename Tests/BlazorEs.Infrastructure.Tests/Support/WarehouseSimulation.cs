using BlazorEs.Domain;
using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;

namespace BlazorEs.Infrastructure.Tests.Support;

/// <summary>
/// A deterministic, realistic warehouse history decided by the domain itself: products registered, stocked,
/// adjusted, re-priced, renamed and discontinued; orders placed, paid, shipped and cancelled. The states it keeps
/// (folded with the domain's own Evolve, not with projection code) are what the read tables must end up showing.
/// </summary>
internal sealed class WarehouseSimulation(int seed = 7, int maxProducts = 200)
{
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, Product> _products = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Order> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly List<string> _active = [];
    private readonly List<string> _placed = [];
    private readonly List<string> _paid = [];

    public long EventCount { get; private set; }

    public IReadOnlyDictionary<string, Product> Products => _products;

    public IReadOnlyDictionary<string, Order> Orders => _orders;

    /// <summary>Commands until at least <paramref name="events"/> more events were decided.</summary>
    public IEnumerable<IReadOnlyList<StreamChange>> Commands(int events)
    {
        var target = EventCount + events;
        while (EventCount < target)
        {
            if (Next() is { } changes) yield return changes;
        }
    }

    /// <summary>Decides one command at random (null when the domain refused it) and folds its events.</summary>
    public IReadOnlyList<StreamChange>? Next()
    {
        IReadOnlyList<StreamChange> changes;
        try
        {
            changes = Decide(_random.Next(100));
        }
        catch (DomainException)
        {
            return null;
        }
        foreach (var change in changes)
        {
            foreach (var e in change.Events) Fold(change.StreamId, e);
        }
        return changes;
    }

    private IReadOnlyList<StreamChange> Decide(int roll)
    {
        if (_active.Count < 3 || (roll < 4 && _products.Count < maxProducts))
        {
            var sku = $"SKU-{_products.Count + 1:D4}";
            return ProductChange(sku, ProductDecisions.Register(Product.Initial, new RegisterProduct(sku, $"Product {_products.Count + 1}", Price())));
        }

        var product = _products[_active[_random.Next(_active.Count)]];
        switch (roll)
        {
            case < 30:
                return ProductChange(product.Sku, ProductDecisions.ReceiveStock(product, new ReceiveStock(product.Sku, _random.Next(1, 40), $"PO-{EventCount}")));
            case < 35:
                var delta = _random.Next(-3, 4);
                if (delta == 0 || product.OnHand + delta < product.Reserved) delta = 1;
                return ProductChange(product.Sku, ProductDecisions.AdjustStock(product, new AdjustStock(product.Sku, delta, "stock count")));
            case < 38:
                return ProductChange(product.Sku, ProductDecisions.ChangePrice(product, new ChangePrice(product.Sku, Price())));
            case < 39:
                return ProductChange(product.Sku, ProductDecisions.Rename(product, new RenameProduct(product.Sku, product.Name + "'")));
            case < 40 when _active.Count > 10:
                return ProductChange(product.Sku, ProductDecisions.Discontinue(product, new DiscontinueProduct(product.Sku)));
            case < 70:
                return PlaceOrder();
            case < 84 when _placed.Count > 0:
                var toPay = _orders[_placed[_random.Next(_placed.Count)]];
                return OrderDecisions.Pay(toPay, new PayOrder(toPay.OrderId, toPay.Total, $"PAY-{EventCount}"));
            case < 95 when _paid.Count > 0:
                var toShip = _orders[_paid[_random.Next(_paid.Count)]];
                return OrderDecisions.Ship(toShip, _products, new ShipOrder(toShip.OrderId, "DHL", $"TRK-{EventCount}"));
            default:
                var open = _placed.Concat(_paid).ToList();
                if (open.Count == 0) return PlaceOrder();
                var toCancel = _orders[open[_random.Next(open.Count)]];
                return OrderDecisions.Cancel(toCancel, _products, new CancelOrder(toCancel.OrderId, "customer asked"));
        }
    }

    private IReadOnlyList<StreamChange> PlaceOrder()
    {
        var lines = Enumerable.Range(0, _random.Next(1, 4))
            .Select(_ => _products[_active[_random.Next(_active.Count)]])
            .Where(p => p.Available > 0)
            .DistinctBy(p => p.Sku)
            .Select(p => new OrderLineRequest(p.Sku, _random.Next(1, Math.Min(p.Available, 5) + 1)))
            .ToList();
        if (lines.Count == 0) throw DomainException.Rule("nothing in stock to order");
        var orderId = $"O{_orders.Count + 1:D6}";
        return OrderDecisions.Place(Order.Initial, _products, new PlaceOrder(orderId, $"Customer {_random.Next(50)}", lines));
    }

    private decimal Price() => _random.Next(100, 10_000) / 100m;

    private static IReadOnlyList<StreamChange> ProductChange(string sku, IReadOnlyList<object> events) => [new StreamChange(StreamIds.Product(sku), events)];

    private void Fold(string stream, object e)
    {
        EventCount++;
        _versions[stream] = _versions.GetValueOrDefault(stream) + 1;
        switch (e)
        {
            case ProductRegistered x:
                _products[x.Sku] = Product.Evolve(Product.Initial, x);
                _active.Add(x.Sku);
                break;
            case ProductDiscontinued x:
                _products[x.Sku] = Product.Evolve(_products[x.Sku], x);
                _active.Remove(x.Sku);
                break;
            case OrderPlaced x:
                _orders[x.OrderId] = Order.Evolve(Order.Initial, x);
                _placed.Add(x.OrderId);
                break;
            case OrderPaid x:
                _orders[x.OrderId] = Order.Evolve(_orders[x.OrderId], x);
                _placed.Remove(x.OrderId);
                _paid.Add(x.OrderId);
                break;
            case OrderShipped or OrderCancelled:
                var orderId = e is OrderShipped s ? s.OrderId : ((OrderCancelled)e).OrderId;
                _orders[orderId] = Order.Evolve(_orders[orderId], e);
                _placed.Remove(orderId);
                _paid.Remove(orderId);
                break;
            default:
                var sku = stream[StreamIds.ProductPrefix.Length..];
                _products[sku] = Product.Evolve(_products[sku], e);
                break;
        }
    }

    /// <summary>What StockLevels must show of each product, by sku.</summary>
    public IReadOnlyList<StockFact> ExpectedStock() =>
        _products.Values.OrderBy(p => p.Sku, StringComparer.Ordinal)
            .Select(p => new StockFact(p.Sku, p.Name, p.Price, p.OnHand, p.Reserved, p.Available, p.Shipped, p.Discontinued, _versions[StreamIds.Product(p.Sku)]))
            .ToList();

    /// <summary>What OrderSummaries must show of each order, by order id.</summary>
    public IReadOnlyList<OrderFact> ExpectedOrders() =>
        _orders.Values.OrderBy(o => o.OrderId, StringComparer.Ordinal)
            .Select(o => new OrderFact(o.OrderId, o.Customer, o.Status.ToString(), o.Lines.Count, o.Total, _versions[StreamIds.Order(o.OrderId)]))
            .ToList();

    /// <summary>What LowStockAlerts must show of each product, by sku.</summary>
    public IReadOnlyList<AlertFact> ExpectedAlerts(int threshold) =>
        _products.Values.OrderBy(p => p.Sku, StringComparer.Ordinal)
            .Select(p => new AlertFact(p.Sku, p.Available, !p.Discontinued && p.Available < threshold, p.Discontinued))
            .ToList();

    /// <summary>The dashboard's headline figures, computed from the states rather than from running totals.</summary>
    public DashboardFacts ExpectedDashboard(int threshold) => new(
        new[] { OrderStatus.Placed, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Cancelled }
            .ToDictionary(s => s.ToString(), s => (long)_orders.Values.Count(o => o.Status == s)),
        _orders.Values.Sum(o => o.AmountPaid),
        _products.Values.Sum(p => p.OnHand * p.Price),
        _products.Values.Count(p => !p.Discontinued && p.Available < threshold),
        EventCount);

    public static DashboardFacts Facts(DashboardView view) =>
        new(view.OrdersByStatus.ToDictionary(), view.RevenuePaid, view.StockValue, view.LowStockCount, view.EventsTotal);

    public static IReadOnlyList<AlertFact> Facts(IEnumerable<LowStockAlert> rows) =>
        rows.OrderBy(r => r.Sku, StringComparer.Ordinal).Select(r => new AlertFact(r.Sku, r.Available, r.Active, r.Discontinued)).ToList();

    public static IReadOnlyList<StockFact> Facts(IEnumerable<StockLevel> rows) =>
        rows.OrderBy(r => r.Sku, StringComparer.Ordinal)
            .Select(r => new StockFact(r.Sku, r.Name, r.Price, r.OnHand, r.Reserved, r.Available, r.ShippedTotal, r.Discontinued, r.StreamVersion))
            .ToList();

    public static IReadOnlyList<OrderFact> Facts(IEnumerable<OrderSummary> rows) =>
        rows.OrderBy(r => r.OrderId, StringComparer.Ordinal)
            .Select(r => new OrderFact(r.OrderId, r.Customer, r.Status, r.LineCount, r.Total, r.StreamVersion))
            .ToList();
}

internal sealed record StockFact(string Sku, string Name, decimal Price, int OnHand, int Reserved, int Available, int Shipped, bool Discontinued, long Version);

internal sealed record OrderFact(string OrderId, string Customer, string Status, int LineCount, decimal Total, long Version);

internal sealed record AlertFact(string Sku, int Available, bool Active, bool Discontinued);

internal sealed record DashboardFacts(Dictionary<string, long> OrdersByStatus, decimal RevenuePaid, decimal StockValue, long LowStockCount, long EventsTotal)
{
    // Records compare dictionaries by reference; the figures are what matters.
    public bool Equals(DashboardFacts? other) =>
        other is not null && OrdersByStatus.OrderBy(p => p.Key).SequenceEqual(other.OrdersByStatus.OrderBy(p => p.Key))
        && (RevenuePaid, StockValue, LowStockCount, EventsTotal) == (other.RevenuePaid, other.StockValue, other.LowStockCount, other.EventsTotal);

    public override int GetHashCode() => HashCode.Combine(RevenuePaid, StockValue, LowStockCount, EventsTotal);

    public override string ToString() =>
        $"{string.Join(", ", OrdersByStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}; revenue {RevenuePaid}; stock value {StockValue}; low {LowStockCount}; events {EventsTotal}";
}
