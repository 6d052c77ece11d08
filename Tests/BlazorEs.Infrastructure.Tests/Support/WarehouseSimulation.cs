using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Seeding;

namespace BlazorEs.Infrastructure.Tests.Support;

/// <summary>
/// The shared <see cref="WarehouseHistory"/> (the seed's generator) at test size, handed out as the stream changes a
/// test appends, with what the read tables must end up showing: the states the history keeps are folded with the
/// domain's own Evolve, not with projection code. Three simulated days put every kind of event (new products, price
/// changes, renames, discontinued lines, orders in every state) into the first few hundred events.
/// </summary>
internal sealed class WarehouseSimulation(int seed = 7, int maxProducts = 200)
{
    private readonly WarehouseHistory _history = new(new WarehouseHistoryShape(Days: 3, Products: maxProducts, OrdersPerDay: 60, Seed: seed));

    public long EventCount => _history.EventCount;

    public IReadOnlyDictionary<string, Product> Products => _history.Products;

    public IReadOnlyDictionary<string, Order> Orders => _history.Orders;

    /// <summary>Commands until at least <paramref name="events"/> more events were decided.</summary>
    public IEnumerable<IReadOnlyList<StreamChange>> Commands(int events) =>
        _history.TakeEvents(events).Select(c => (IReadOnlyList<StreamChange>)[.. c.Appends.Select(a => new StreamChange(a.StreamId, a.Events))]);

    /// <summary>What StockLevels must show of each product, by sku.</summary>
    public IReadOnlyList<StockFact> ExpectedStock() =>
        Products.Values.OrderBy(p => p.Sku, StringComparer.Ordinal)
            .Select(p => new StockFact(p.Sku, p.Name, p.Price, p.OnHand, p.Reserved, p.Available, p.Shipped, p.Discontinued, _history.VersionOf(StreamIds.Product(p.Sku))))
            .ToList();

    /// <summary>What OrderSummaries must show of each order, by order id.</summary>
    public IReadOnlyList<OrderFact> ExpectedOrders() =>
        Orders.Values.OrderBy(o => o.OrderId, StringComparer.Ordinal)
            .Select(o => new OrderFact(o.OrderId, o.Customer, o.Status.ToString(), o.Lines.Count, o.Total, _history.VersionOf(StreamIds.Order(o.OrderId))))
            .ToList();

    /// <summary>What LowStockAlerts must show of each product, by sku.</summary>
    public IReadOnlyList<AlertFact> ExpectedAlerts(int threshold) =>
        Products.Values.OrderBy(p => p.Sku, StringComparer.Ordinal)
            .Select(p => new AlertFact(p.Sku, p.Available, !p.Discontinued && p.Available < threshold, p.Discontinued))
            .ToList();

    /// <summary>The dashboard's headline figures, computed from the states rather than from running totals.</summary>
    public DashboardFacts ExpectedDashboard(int threshold) => new(
        new[] { OrderStatus.Placed, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Cancelled }
            .ToDictionary(s => s.ToString(), s => (long)Orders.Values.Count(o => o.Status == s)),
        Orders.Values.Sum(o => o.AmountPaid),
        Products.Values.Sum(p => p.OnHand * p.Price),
        Products.Values.Count(p => !p.Discontinued && p.Available < threshold),
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
