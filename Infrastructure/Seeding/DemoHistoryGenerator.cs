using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using static System.FormattableString;

namespace BlazorEs.Infrastructure.Seeding;

/// <summary>
/// Simulates the warehouse day by day with a fixed-seed <see cref="Random"/> and records every command it sends.
/// Each command goes through the domain's own decisions against the simulated state, so stock, totals and order
/// states are exactly what the real store will hold, and a command that would be refused is a bug found here,
/// not a failure during seeding. Every draw happens in agenda order, so one shape always gives one history.
/// </summary>
internal sealed class DemoHistoryGenerator
{
    private const string Alice = "alice"; // sales: takes orders, cancels them on request
    private const string Bob = "bob"; // finance: payments and refunds
    private const string Carol = "carol"; // warehouse: ships, receives, counts
    private const string Dave = "dave"; // manager: the catalog and the odd order
    private const string SystemUser = "system"; // supplier notices, card payments, overdue cancellations

    private const double MeanLines = 2.25;

    private readonly DemoHistoryShape _shape;
    private readonly Random _random;
    private readonly double _totalPopularity;
    private readonly Dictionary<string, Product> _products = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Order> _orders = new(StringComparer.Ordinal);
    private readonly List<Stocking> _active = []; // registered, not discontinued; in registration order
    private readonly List<SeedCommand> _commands = [];
    private readonly PriorityQueue<Action, (TimeSpan At, long Sequence)> _agenda = new();
    private long _sequence;
    private TimeSpan _now;
    private int _today;
    private int _eventCount;
    private int _nextOrder = 100_001;
    private int _nextPurchaseOrder = 4_501;

    private DemoHistoryGenerator(DemoHistoryShape shape)
    {
        _shape = shape;
        _random = new Random(shape.Seed);
        _totalPopularity = DemoCatalog.Products.Take(shape.Products).Sum(p => p.Popularity);
    }

    public static DemoHistory Run(DemoHistoryShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Days, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Products, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shape.Products, DemoCatalog.Products.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(shape.OrdersPerDay);

        var generator = new DemoHistoryGenerator(shape);
        generator.Simulate();
        return new DemoHistory(generator._commands, generator._eventCount, generator._products, generator._orders);
    }

    private void Simulate()
    {
        ScheduleCatalog();
        for (_today = 0; _today < _shape.Days; _today++)
        {
            ScheduleDay();
            var dayEnd = Day(_today + 1);
            while (_agenda.TryPeek(out _, out var next) && next.At < dayEnd)
            {
                var action = _agenda.Dequeue();
                _now = next.At;
                action();
            }
        }
        // Whatever is still on the agenda (payments, shipments, receipts) lies in the future: it has not happened yet.
    }

    private void ScheduleCatalog()
    {
        var items = DemoCatalog.Products.Take(_shape.Products).ToList();
        var late = items.Count >= 4 ? items[^2..] : [];
        foreach (var (index, item) in items.Except(late).Index())
        {
            At(TimeSpan.FromMinutes(10 + index), () => Introduce(item, TimeSpan.FromMinutes(50)));
        }
        foreach (var (index, item) in late.Index())
        {
            At(DayAt(Fraction(index == 0 ? 0.30 : 0.55), 9), () => Introduce(item, TimeSpan.FromHours(2)));
        }

        foreach (var (fraction, change) in new[] { (0.15, 1.05m), (0.40, 1.08m), (0.60, 0.90m), (0.80, 1.04m) })
            At(DayAt(Fraction(fraction), 6) + Between(TimeSpan.Zero, TimeSpan.FromHours(10)), () => RevisePrice(change));
        foreach (var fraction in new[] { 0.25, 0.70 })
            At(DayAt(Fraction(fraction), 7) + Between(TimeSpan.Zero, TimeSpan.FromHours(8)), RenameOne);
        foreach (var fraction in new[] { 0.50, 0.75 })
            At(DayAt(Fraction(fraction), 8) + Between(TimeSpan.Zero, TimeSpan.FromHours(8)), DiscontinueSlowSeller);
    }

    private void ScheduleDay()
    {
        var growth = 0.85 + 0.3 * _today / Math.Max(1, _shape.Days - 1);
        var orders = (int)Math.Round(_shape.OrdersPerDay * growth * (0.85 + 0.3 * _random.NextDouble()));
        var opens = _today == 0 ? TimeSpan.FromHours(2) : TimeSpan.Zero; // day one: after the opening stock is in
        for (var i = 0; i < orders; i++)
            At(Day(_today) + Between(opens, TimeSpan.FromDays(1)), TakeOrder);

        var adjustments = _random.Next(0, 4);
        for (var i = 0; i < adjustments; i++)
            At(DayAt(_today, 8) + Between(TimeSpan.Zero, TimeSpan.FromHours(9)), Adjust);

        At(DayAt(_today, 17.5), ReviewStock);

        // Three weeks before the end a few suppliers stop delivering, so the history ends with some shelves nearly empty.
        if (_today == _shape.Days - 21)
        {
            var candidates = _active.Where(s => s.Item.Popularity >= 1.0).ToList();
            for (var i = 0; i < 4 && candidates.Count > 0; i++)
            {
                var stalled = Pick(candidates);
                stalled.SupplierLate = true;
                candidates.Remove(stalled);
            }
        }
    }

    private void Introduce(DemoProduct item, TimeSpan openingStockAfter)
    {
        Send(new RegisterProduct(item.Sku, item.Name, item.Price), Dave);
        var demand = _shape.OrdersPerDay * MeanLines * item.Popularity / _totalPopularity * (1 + item.MaxQuantity / 3.0);
        var stocking = new Stocking(item)
        {
            LeadDays = 2 + _random.Next(4),
        };
        stocking.ReorderPoint = (int)Math.Ceiling(demand * (stocking.LeadDays + 2));
        stocking.ReorderQuantity = Math.Max(20, (int)Math.Ceiling(demand) * 10); // ten days' demand, in tens
        _active.Add(stocking);

        var opening = stocking.ReorderPoint + stocking.ReorderQuantity;
        var reference = NextPurchaseOrder();
        stocking.OnOrder += opening;
        At(_now + openingStockAfter, () => Receive(stocking, reference, opening));
    }

    private void TakeOrder()
    {
        var candidates = _active.Where(s => _products[s.Item.Sku].Available > 0).ToList();
        var lineCount = Math.Min(LineCount(), candidates.Count);
        var lines = new List<OrderLineRequest>(lineCount);
        for (var i = 0; i < lineCount; i++)
        {
            var stocking = PickWeighted(candidates);
            candidates.Remove(stocking);
            var available = _products[stocking.Item.Sku].Available;
            lines.Add(new OrderLineRequest(stocking.Item.Sku, Math.Min(Quantity(stocking.Item.MaxQuantity), available)));
        }
        if (lines.Count == 0) return; // nothing on the shelves: the customer goes elsewhere

        var orderId = Invariant($"SO-{_nextOrder++}");
        // A few regular customers order most: the square skews the pick towards the front of the list.
        var customer = DemoCatalog.Customers[(int)(DemoCatalog.Customers.Count * Math.Pow(_random.NextDouble(), 2))];
        Send(new PlaceOrder(orderId, customer, lines), Roll(0.8) ? Alice : Dave);

        var fate = _random.NextDouble();
        if (fate < 0.06)
            At(_now + Between(TimeSpan.FromMinutes(30), TimeSpan.FromDays(2)), () => Cancel(orderId, Alice, Pick(DemoCatalog.CustomerCancellations)));
        else if (fate < 0.11)
            At(_now + TimeSpan.FromDays(7), () => Cancel(orderId, SystemUser, DemoCatalog.UnpaidCancellation));
        else
            At(_now + PaymentDelay(), () => Pay(orderId, thenCancel: fate < 0.14));
    }

    private void Pay(string orderId, bool thenCancel)
    {
        var order = _orders[orderId];
        if (order.Status != OrderStatus.Placed) return;
        Send(new PayOrder(orderId, order.Total, PaymentReference()), Roll(0.6) ? SystemUser : Bob);
        if (thenCancel)
            At(_now + Between(TimeSpan.FromHours(1), TimeSpan.FromHours(20)), () => Cancel(orderId, Bob, Pick(DemoCatalog.PaidCancellations)));
        else
            At(_now + Between(TimeSpan.FromHours(1), TimeSpan.FromHours(36)), () => Ship(orderId));
    }

    private void Ship(string orderId)
    {
        if (_orders[orderId].Status != OrderStatus.Paid) return;
        var carrier = Pick(DemoCatalog.Carriers);
        Send(new ShipOrder(orderId, carrier, TrackingNumber(carrier)), Carol);
    }

    private void Cancel(string orderId, string user, string reason)
    {
        if (_orders[orderId].Status is not (OrderStatus.Placed or OrderStatus.Paid)) return;
        Send(new CancelOrder(orderId, reason), user);
    }

    /// <summary>The evening purchasing run: whatever would run short before a delivery could arrive is reordered.</summary>
    private void ReviewStock()
    {
        foreach (var stocking in _active)
        {
            if (_products[stocking.Item.Sku].Available + stocking.OnOrder >= stocking.ReorderPoint) continue;
            var reference = NextPurchaseOrder();
            var quantity = stocking.ReorderQuantity;
            stocking.OnOrder += quantity;
            var leadDays = stocking.LeadDays + (stocking.SupplierLate ? 30 : 0);
            At(DayAt(_today + leadDays, 6) + Between(TimeSpan.Zero, TimeSpan.FromHours(6)), () => Receive(stocking, reference, quantity));
        }
    }

    private void Receive(Stocking stocking, string reference, int quantity)
    {
        stocking.OnOrder -= quantity;
        if (_products[stocking.Item.Sku].Discontinued) return; // the purchase order was cancelled
        if (Roll(0.1))
        {
            quantity = Math.Max(1, quantity * 4 / 5);
            reference += " (short delivery)";
        }
        Send(new ReceiveStock(stocking.Item.Sku, quantity, reference), Roll(0.5) ? SystemUser : Carol);
    }

    private void Adjust()
    {
        if (_active.Count == 0) return;
        var item = Pick(_active).Item;
        var available = _products[item.Sku].Available;
        if (Roll(0.65) && available > 0)
            Send(new AdjustStock(item.Sku, -Math.Min(1 + _random.Next(item.MaxQuantity), available), Pick(DemoCatalog.LossReasons)), Carol);
        else
            Send(new AdjustStock(item.Sku, 1 + _random.Next(item.MaxQuantity), Pick(DemoCatalog.GainReasons)), Carol);
    }

    private void RevisePrice(decimal factor)
    {
        if (_active.Count == 0) return;
        var sku = Pick(_active).Item.Sku;
        Send(new ChangePrice(sku, Math.Round(_products[sku].Price * factor, 2)), Dave);
    }

    private void RenameOne()
    {
        var candidates = _active.Where(s => s.Item.LaterName is not null && _products[s.Item.Sku].Name != s.Item.LaterName).ToList();
        if (candidates.Count == 0) return;
        var item = Pick(candidates).Item;
        Send(new RenameProduct(item.Sku, item.LaterName!), Dave);
    }

    /// <summary>A slow seller leaves the range; three days later whatever no order holds is written off.</summary>
    private void DiscontinueSlowSeller()
    {
        if (_active.Count < 3) return;
        var candidates = _active.Where(s => !s.SupplierLate).OrderBy(s => s.Item.Popularity).Take(_active.Count / 3).ToList();
        if (candidates.Count == 0) return;
        var sku = Pick(candidates).Item.Sku;
        Send(new DiscontinueProduct(sku), Dave);
        _active.RemoveAll(s => s.Item.Sku == sku);
        At(_now + TimeSpan.FromDays(3), () =>
        {
            var available = _products[sku].Available;
            if (available > 0) Send(new AdjustStock(sku, -available, DemoCatalog.DiscontinuedWriteOff), Carol);
        });
    }

    /// <summary>Decides <paramref name="command"/> with the domain against the simulated state, applies its events, records it.</summary>
    private void Send(IWarehouseCommand command, string user)
    {
        var changes = Decide(command);
        foreach (var change in changes)
        {
            foreach (var e in change.Events)
            {
                if (change.StreamId.StartsWith(StreamIds.ProductPrefix, StringComparison.Ordinal))
                {
                    var sku = change.StreamId[StreamIds.ProductPrefix.Length..];
                    _products[sku] = Product.Evolve(_products.GetValueOrDefault(sku, Product.Initial), e);
                }
                else
                {
                    var orderId = change.StreamId[StreamIds.OrderPrefix.Length..];
                    _orders[orderId] = Order.Evolve(OrderOf(orderId), e);
                }
                _eventCount++;
            }
        }
        _commands.Add(new SeedCommand(command, user, _now, [.. changes.Select(c => c.StreamId)]));
    }

    private IReadOnlyList<StreamChange> Decide(IWarehouseCommand command) => command switch
    {
        RegisterProduct c => ProductChange(c.Sku, ProductDecisions.Register(ProductOf(c.Sku), c)),
        RenameProduct c => ProductChange(c.Sku, ProductDecisions.Rename(ProductOf(c.Sku), c)),
        ChangePrice c => ProductChange(c.Sku, ProductDecisions.ChangePrice(ProductOf(c.Sku), c)),
        DiscontinueProduct c => ProductChange(c.Sku, ProductDecisions.Discontinue(ProductOf(c.Sku), c)),
        ReceiveStock c => ProductChange(c.Sku, ProductDecisions.ReceiveStock(ProductOf(c.Sku), c)),
        AdjustStock c => ProductChange(c.Sku, ProductDecisions.AdjustStock(ProductOf(c.Sku), c)),
        PlaceOrder c => OrderDecisions.Place(OrderOf(c.OrderId!), _products, c),
        PayOrder c => OrderDecisions.Pay(OrderOf(c.OrderId), c),
        ShipOrder c => OrderDecisions.Ship(OrderOf(c.OrderId), _products, c),
        CancelOrder c => OrderDecisions.Cancel(OrderOf(c.OrderId), _products, c),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown command."),
    };

    private static IReadOnlyList<StreamChange> ProductChange(string sku, IReadOnlyList<object> events) =>
        [new StreamChange(StreamIds.Product(sku), events)];

    private Product ProductOf(string sku) => _products.GetValueOrDefault(sku, Product.Initial);

    private Order OrderOf(string orderId) => _orders.GetValueOrDefault(orderId, Order.Initial);

    // Time: the agenda runs in (time, order of scheduling); nothing is scheduled before the present.
    private void At(TimeSpan at, Action action) => _agenda.Enqueue(action, (at < _now ? _now : at, _sequence++));

    private static TimeSpan Day(int day) => TimeSpan.FromDays(day);

    private static TimeSpan DayAt(int day, double hour) => TimeSpan.FromDays(day) + TimeSpan.FromHours(hour);

    private int Fraction(double fraction) => (int)(_shape.Days * fraction);

    // Draws: all from the one seeded Random, in agenda order.
    private TimeSpan Between(TimeSpan from, TimeSpan to) => from + (to - from) * _random.NextDouble();

    private bool Roll(double probability) => _random.NextDouble() < probability;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private Stocking PickWeighted(List<Stocking> candidates)
    {
        var target = _random.NextDouble() * candidates.Sum(s => s.Item.Popularity);
        foreach (var stocking in candidates)
        {
            target -= stocking.Item.Popularity;
            if (target < 0) return stocking;
        }
        return candidates[^1];
    }

    private int LineCount() => _random.NextDouble() switch
    {
        < 0.30 => 1,
        < 0.65 => 2,
        < 0.85 => 3,
        < 0.95 => 4,
        _ => 5,
    };

    /// <summary>Mostly one or a few, now and then a case: the square skews towards small quantities.</summary>
    private int Quantity(int max) => Math.Min(max, 1 + (int)(max * Math.Pow(_random.NextDouble(), 2)));

    /// <summary>Most customers pay within hours, a few take days.</summary>
    private TimeSpan PaymentDelay() =>
        TimeSpan.FromMinutes(5) + TimeSpan.FromHours(Math.Min(72, -Math.Log(1 - _random.NextDouble()) * 6));

    private string PaymentReference() => Roll(0.6)
        ? Invariant($"CARD-{_random.Next():X8}")
        : Invariant($"BT-{_random.NextInt64(1_000_000_000, 10_000_000_000)}");

    private string TrackingNumber(string carrier)
    {
        var digits = _random.NextInt64(10_000_000_000, 100_000_000_000);
        return carrier switch
        {
            "DHL" => Invariant($"JJD00{digits}"),
            "UPS" => Invariant($"1Z9{_random.Next():X8}{digits % 100_000_000:D8}"),
            "DPD" => Invariant($"0150{digits}"),
            "PostNL" => Invariant($"3SPNL{digits}"),
            _ => Invariant($"{carrier}{digits}"),
        };
    }

    private string NextPurchaseOrder() => Invariant($"PO-{_nextPurchaseOrder++}");

    /// <summary>How the simulated buyer keeps one product in stock.</summary>
    private sealed class Stocking(DemoProduct item)
    {
        public DemoProduct Item { get; } = item;
        public int LeadDays { get; init; }
        public int ReorderPoint { get; set; }
        public int ReorderQuantity { get; set; }
        public int OnOrder { get; set; }
        public bool SupplierLate { get; set; }
    }
}
