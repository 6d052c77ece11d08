using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using static System.FormattableString;

namespace BlazorEs.Infrastructure.Seeding;

/// <summary>
/// The one generator of a warehouse history, for the seed, the tests, the browser tests and the benchmarks: it
/// simulates the warehouse day by day with a fixed-seed <see cref="Random"/> and hands out every command it sends,
/// already decided. Each command goes through the domain's own decisions against the simulated state, so stock, totals
/// and order states are exactly what a store will hold after it, and a command that would be refused is a bug found
/// here. Every draw happens in agenda order, so one shape always gives one history. It says what happens; how it is
/// written (the command path, direct appends, the HTTP API) is the caller's choice.
/// </summary>
internal sealed class WarehouseHistory
{
    private const double MeanLines = 2.25;

    private readonly WarehouseHistoryShape _shape;
    private readonly IReadOnlyList<DemoProduct> _items;
    private readonly Random _random;
    private readonly double _totalPopularity;
    private readonly Dictionary<string, Product> _products = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Order> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Stocking> _stockings = new(StringComparer.Ordinal);
    private readonly List<Stocking> _active = []; // registered, not discontinued; in registration order
    private readonly List<Stocking> _registered = []; // by Stocking.Index
    private readonly Shelves _shelves; // what an order can pick from, weighted by popularity
    private readonly Queue<HistoryCommand> _decided = new(); // decided and folded, not handed out yet
    private readonly PriorityQueue<Action, (TimeSpan At, long Sequence)> _agenda = new();
    private readonly int[] _turns = new int[5];
    private long _sequence;
    private TimeSpan _now;
    private int _today;
    private int _scheduledDay = -1;
    private int _nextOrder = 100_001;
    private int _nextPurchaseOrder = 4_501;

    public WarehouseHistory(WarehouseHistoryShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Days, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Products, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(shape.OrdersPerDay);
        _shape = shape;
        _items = DemoCatalog.Take(shape.Products);
        _random = new Random(shape.Seed);
        _totalPopularity = _items.Sum(p => p.Popularity);
        _shelves = new Shelves(_items.Count);
        ScheduleCatalog();
    }

    /// <summary>Events decided so far (handed out or about to be).</summary>
    public long EventCount { get; private set; }

    /// <summary>Every product as the domain folds the commands decided so far.</summary>
    public IReadOnlyDictionary<string, Product> Products => _products;

    /// <summary>Every order as the domain folds the commands decided so far.</summary>
    public IReadOnlyDictionary<string, Order> Orders => _orders;

    /// <summary>The version a stream is at after the commands decided so far (0 when it has none).</summary>
    public long VersionOf(string streamId) => _versions.GetValueOrDefault(streamId);

    /// <summary>
    /// The commands, in the order they happen, lazily and without end: after <see cref="WarehouseHistoryShape.Days"/>
    /// the last day's kind of trade goes on. Another call goes on where the last one stopped.
    /// </summary>
    public IEnumerable<HistoryCommand> Commands()
    {
        while (true)
        {
            while (_decided.TryDequeue(out var command)) yield return command;
            Advance();
        }
    }

    /// <summary>
    /// The next commands until at least <paramref name="events"/> more events were decided, ending where nothing is held
    /// back, so <see cref="Products"/> and <see cref="Orders"/> show exactly what the returned commands lead to.
    /// </summary>
    public IReadOnlyList<HistoryCommand> TakeEvents(long events)
    {
        var target = EventCount + events;
        var taken = new List<HistoryCommand>();
        while (EventCount < target || _decided.Count > 0)
        {
            while (_decided.TryDequeue(out var command)) taken.Add(command);
            if (EventCount < target) Advance();
        }
        return taken;
    }

    /// <summary>The next <paramref name="count"/> commands (a few more when one step of the simulation sends several).</summary>
    public IReadOnlyList<HistoryCommand> TakeCommands(int count)
    {
        var taken = new List<HistoryCommand>(count);
        while (taken.Count < count || _decided.Count > 0)
        {
            while (_decided.TryDequeue(out var command)) taken.Add(command);
            if (taken.Count < count) Advance();
        }
        return taken;
    }

    /// <summary>The whole history of the shape's days, and where it leaves every product and order.</summary>
    public static DemoHistory Generate(WarehouseHistoryShape shape)
    {
        var history = new WarehouseHistory(shape);
        var commands = new List<HistoryCommand>();
        while (history._today < shape.Days || history._decided.Count > 0)
        {
            while (history._decided.TryDequeue(out var command)) commands.Add(command);
            if (history._today < shape.Days) history.Advance();
        }
        // Whatever is still on the agenda (payments, shipments, receipts) lies in the future: it has not happened yet.
        return new DemoHistory(commands, (int)history.EventCount, history._products, history._orders);
    }

    /// <summary>One step of the simulation: plans the day when it starts, runs the next thing due today, or ends the day.</summary>
    private void Advance()
    {
        if (_scheduledDay < _today)
        {
            ScheduleDay();
            _scheduledDay = _today;
        }
        if (_agenda.TryPeek(out _, out var next) && next.At < Day(_today + 1))
        {
            var action = _agenda.Dequeue();
            _now = next.At;
            action();
        }
        else
        {
            _today++;
        }
    }

    private void ScheduleCatalog()
    {
        var items = _items;
        var late = items.Count >= 4 ? items.Skip(items.Count - 2).ToList() : [];
        // A minute apart, as a person registers them; a large catalog is squeezed into the first hour as an import would be.
        var spacing = Math.Min(1.0, 40.0 / items.Count);
        foreach (var (index, item) in items.Except(late).Index())
        {
            At(TimeSpan.FromMinutes(10 + index * spacing), () => Introduce(item, TimeSpan.FromMinutes(50)));
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
        // Trade grows a little over the shape's days; past them (an unbounded history) it stays at the last day's level.
        var growth = 0.85 + 0.3 * Math.Min(_today, _shape.Days - 1) / Math.Max(1, _shape.Days - 1);
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
        Send(new RegisterProduct(item.Sku, item.Name, item.Price), Manager);
        var demand = _shape.OrdersPerDay * MeanLines * item.Popularity / _totalPopularity * (1 + item.MaxQuantity / 3.0);
        var stocking = new Stocking(item, _stockings.Count)
        {
            LeadDays = 2 + _random.Next(4),
        };
        stocking.ReorderPoint = (int)Math.Ceiling(demand * (stocking.LeadDays + 2));
        stocking.ReorderQuantity = Math.Max(20, (int)Math.Ceiling(demand) * 10); // ten days' demand, in tens
        _active.Add(stocking);
        _stockings[item.Sku] = stocking;
        _registered.Add(stocking);

        var opening = stocking.ReorderPoint + stocking.ReorderQuantity;
        var reference = NextPurchaseOrder();
        stocking.OnOrder += opening;
        At(_now + openingStockAfter, () => Receive(stocking, reference, opening));
    }

    private void TakeOrder()
    {
        var lineCount = Math.Min(LineCount(), _shelves.Count);
        var lines = new List<OrderLineRequest>(lineCount);
        var picked = new List<Stocking>(lineCount);
        for (var i = 0; i < lineCount; i++)
        {
            // Weighted by popularity among what is on the shelves, each product once per order.
            var stocking = _registered[_shelves.Pick(_random.NextDouble())];
            _shelves.Set(stocking.Index, 0);
            picked.Add(stocking);
            lines.Add(new OrderLineRequest(stocking.Item.Sku, Math.Min(Quantity(stocking.Item.MaxQuantity), stocking.Available)));
        }
        foreach (var stocking in picked) _shelves.Set(stocking.Index, stocking.Item.Popularity);
        if (lines.Count == 0) return; // nothing on the shelves: the customer goes elsewhere

        var orderId = Invariant($"SO-{_nextOrder++}");
        // A few regular customers order most: the square skews the pick towards the front of the list.
        var customer = DemoCatalog.Customers[(int)(DemoCatalog.Customers.Count * Math.Pow(_random.NextDouble(), 2))];
        Send(new PlaceOrder(orderId, customer, lines), Roll(0.8) ? Sales : Manager);

        var fate = _random.NextDouble();
        if (fate < 0.06)
            At(_now + Between(TimeSpan.FromMinutes(30), TimeSpan.FromDays(2)), () => Cancel(orderId, Sales, Pick(DemoCatalog.CustomerCancellations)));
        else if (fate < 0.11)
            At(_now + TimeSpan.FromDays(7), () => Cancel(orderId, SystemUser, DemoCatalog.UnpaidCancellation));
        else
            At(_now + PaymentDelay(), () => Pay(orderId, thenCancel: fate < 0.14));
    }

    private void Pay(string orderId, bool thenCancel)
    {
        var order = _orders[orderId];
        if (order.Status != OrderStatus.Placed) return;
        Send(new PayOrder(orderId, order.Total, PaymentReference()), Roll(0.6) ? SystemUser : Finance);
        if (thenCancel)
            At(_now + Between(TimeSpan.FromHours(1), TimeSpan.FromHours(20)), () => Cancel(orderId, Finance, Pick(DemoCatalog.PaidCancellations)));
        else
            At(_now + Between(TimeSpan.FromHours(1), TimeSpan.FromHours(36)), () => Ship(orderId));
    }

    private void Ship(string orderId)
    {
        if (_orders[orderId].Status != OrderStatus.Paid) return;
        var carrier = Pick(DemoCatalog.Carriers);
        Send(new ShipOrder(orderId, carrier, TrackingNumber(carrier)), Warehouse);
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
        Send(new ReceiveStock(stocking.Item.Sku, quantity, reference), Roll(0.5) ? SystemUser : Warehouse);
    }

    private void Adjust()
    {
        if (_active.Count == 0) return;
        var item = Pick(_active).Item;
        var available = _products[item.Sku].Available;
        if (Roll(0.65) && available > 0)
            Send(new AdjustStock(item.Sku, -Math.Min(1 + _random.Next(item.MaxQuantity), available), Pick(DemoCatalog.LossReasons)), Warehouse);
        else
            Send(new AdjustStock(item.Sku, 1 + _random.Next(item.MaxQuantity), Pick(DemoCatalog.GainReasons)), Warehouse);
    }

    private void RevisePrice(decimal factor)
    {
        if (_active.Count == 0) return;
        var sku = Pick(_active).Item.Sku;
        Send(new ChangePrice(sku, Math.Round(_products[sku].Price * factor, 2)), Manager);
    }

    private void RenameOne()
    {
        var candidates = _active.Where(s => s.Item.LaterName is not null && _products[s.Item.Sku].Name != s.Item.LaterName).ToList();
        if (candidates.Count == 0) return;
        var item = Pick(candidates).Item;
        Send(new RenameProduct(item.Sku, item.LaterName!), Manager);
    }

    /// <summary>A slow seller leaves the range; three days later whatever no order holds is written off.</summary>
    private void DiscontinueSlowSeller()
    {
        if (_active.Count < 3) return;
        var candidates = _active.Where(s => !s.SupplierLate).OrderBy(s => s.Item.Popularity).Take(_active.Count / 3).ToList();
        if (candidates.Count == 0) return;
        var sku = Pick(candidates).Item.Sku;
        Send(new DiscontinueProduct(sku), Manager);
        _active.RemoveAll(s => s.Item.Sku == sku);
        At(_now + TimeSpan.FromDays(3), () =>
        {
            var available = _products[sku].Available;
            if (available > 0) Send(new AdjustStock(sku, -available, DemoCatalog.DiscontinuedWriteOff), Warehouse);
        });
    }

    /// <summary>Decides <paramref name="command"/> with the domain against the simulated state, applies its events, records it.</summary>
    private void Send(IWarehouseCommand command, string user)
    {
        var changes = Decide(command);
        var appends = new StreamAppend[changes.Count];
        foreach (var (index, change) in changes.Index())
        {
            var version = _versions.GetValueOrDefault(change.StreamId);
            appends[index] = new StreamAppend(change.StreamId, version, change.Events);
            _versions[change.StreamId] = version + change.Events.Count;
            if (change.StreamId.StartsWith(StreamIds.ProductPrefix, StringComparison.Ordinal))
            {
                var sku = change.StreamId[StreamIds.ProductPrefix.Length..];
                var product = change.Events.Aggregate(ProductOf(sku), Product.Evolve);
                _products[sku] = product;
                if (_stockings.TryGetValue(sku, out var stocking))
                {
                    stocking.Available = product.Available;
                    _shelves.Set(stocking.Index, stocking.Available > 0 && !product.Discontinued ? stocking.Item.Popularity : 0);
                }
            }
            else
            {
                var orderId = change.StreamId[StreamIds.OrderPrefix.Length..];
                _orders[orderId] = change.Events.Aggregate(OrderOf(orderId), Order.Evolve);
            }
            EventCount += change.Events.Count;
        }
        _decided.Enqueue(new HistoryCommand(command, user, _now, appends));
    }

    // Who does what: each role's people take turns, so the cast never draws from the Random (a cast changes no history).
    private string Sales => Turn(0, _shape.Cast.Sales);

    private string Finance => Turn(1, _shape.Cast.Finance);

    private string Warehouse => Turn(2, _shape.Cast.Warehouse);

    private string Manager => Turn(3, _shape.Cast.Managers);

    private string SystemUser => Turn(4, _shape.Cast.System);

    private string Turn(int role, IReadOnlyList<string> people) => people[_turns[role]++ % people.Count];

    private IReadOnlyList<StreamChange> Decide(IWarehouseCommand command) => command switch
    {
        IProductCommand c => ProductChange(c.Sku, Product.Decide(ProductOf(c.Sku), c)),
        IOrderCommand c => Order.Decide(OrderOf(c.OrderId), _products, c),
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
    private sealed class Stocking(DemoProduct item, int index)
    {
        public DemoProduct Item { get; } = item;
        public int Index { get; } = index; // in registration order
        public int LeadDays { get; init; }
        public int ReorderPoint { get; set; }
        public int ReorderQuantity { get; set; }
        public int OnOrder { get; set; }
        public int Available { get; set; } // the product's, kept here so an order's pick needs no look-up per product
        public bool SupplierLate { get; set; }
    }
}

/// <summary>
/// Weights by index (a Fenwick tree), so that a weighted pick costs O(log n) rather than a walk over every product: a
/// history of thousands of products would otherwise spend most of its time choosing an order's lines.
/// </summary>
internal sealed class Shelves(int capacity)
{
    private readonly double[] _tree = new double[capacity + 1];
    private readonly double[] _weights = new double[capacity];

    /// <summary>How many indexes have a weight above zero.</summary>
    public int Count { get; private set; }

    public void Set(int index, double weight)
    {
        var delta = weight - _weights[index];
        if (delta == 0) return;
        Count += (weight > 0 ? 1 : 0) - (_weights[index] > 0 ? 1 : 0);
        _weights[index] = weight;
        for (var i = index + 1; i < _tree.Length; i += i & -i) _tree[i] += delta;
    }

    /// <summary>The first index whose running total of weights passes <paramref name="fraction"/> of the whole.</summary>
    public int Pick(double fraction)
    {
        var target = fraction * Total();
        var position = 0;
        for (var step = HighestPowerOfTwo(_tree.Length - 1); step > 0; step >>= 1)
        {
            if (position + step < _tree.Length && _tree[position + step] <= target)
            {
                position += step;
                target -= _tree[position];
            }
        }
        // Rounding can leave the target at the very end: the last index with a weight is the one it meant.
        if (position >= _weights.Length || _weights[position] <= 0)
            position = Array.FindLastIndex(_weights, w => w > 0);
        return position;
    }

    private double Total()
    {
        var total = 0.0;
        for (var i = _tree.Length - 1; i > 0; i -= i & -i) total += _tree[i];
        return total;
    }

    private static int HighestPowerOfTwo(int n) => n <= 0 ? 0 : 1 << (31 - int.LeadingZeroCount(n));
}
