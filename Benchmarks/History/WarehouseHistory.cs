using BlazorEs.Domain;
using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Benchmarks.History;

/// <summary>
/// A realistic warehouse history made with the domain's own decisions, so every generated history is one the app could
/// have recorded: products registered and restocked, orders placed (reserving stock on each product), paid, shipped or
/// cancelled, by a dozen users over simulated days. Deterministic for a given seed.
/// </summary>
public sealed class WarehouseHistory(int products, int seed = 42)
{
    public static readonly DateTime Start = new(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc);
    public static readonly string[] Users = [.. Enumerable.Range(1, 12).Select(i => $"user-{i:D2}")];

    private readonly Random _random = new(seed);
    private readonly Dictionary<string, (Product State, long Version)> _products = new();
    private readonly Dictionary<string, (Order State, long Version, string Correlation, string LastCommand)> _orders = new();
    private readonly List<string> _skus = [];
    private readonly List<string> _placed = [];
    private readonly List<string> _paid = [];
    private DateTime _clock = Start;
    private int _orderNumber;

    public int Skipped { get; private set; }

    /// <summary>Order correlation ids seen so far (a sample for the timeline's correlation filter).</summary>
    public List<string> Correlations { get; } = [];

    public DateTime Clock => _clock;

    /// <summary>The next command's append; registrations come first, then a mix of everyday commands.</summary>
    public AppendRequest Next()
    {
        while (true)
        {
            _clock = _clock.AddMilliseconds(_random.Next(50, 1500));
            var user = Users[_random.Next(Users.Length)];
            try
            {
                if (_skus.Count < products) return Register(user);
                var roll = _random.Next(1000);
                return roll switch
                {
                    < 250 => Receive(user),
                    < 330 => Adjust(user),
                    < 345 => Reprice(user),
                    < 352 => Rename(user),
                    < 620 => Place(user),
                    < 790 when _placed.Count > 0 => Pay(user),
                    < 930 when _paid.Count > 0 => Ship(user),
                    < 1000 when _placed.Count + _paid.Count > 0 => Cancel(user),
                    _ => Receive(user),
                };
            }
            catch (DomainException)
            {
                Skipped++;
            }
        }
    }

    private AppendRequest Register(string user)
    {
        var sku = $"SKU-{_skus.Count + 1:D6}";
        var register = new RegisterProduct(sku, $"Product {_skus.Count + 1}", Math.Round(1 + ((decimal)_random.NextDouble() * 200), 2));
        _products[sku] = (Product.Initial, 0);
        _skus.Add(sku);
        var events = ProductDecisions.Register(Product.Initial, register).ToList();
        events.Add(new StockReceived(sku, 200 + _random.Next(800), $"INIT-{sku}"));
        return ProductCommand(user, nameof(RegisterProduct), sku, events);
    }

    private AppendRequest Receive(string user)
    {
        var sku = RandomSku();
        return ProductCommand(user, nameof(ReceiveStock), sku,
            ProductDecisions.ReceiveStock(_products[sku].State, new ReceiveStock(sku, 20 + _random.Next(200), $"PO-{_random.Next(1_000_000):D6}")));
    }

    private AppendRequest Adjust(string user)
    {
        var sku = RandomSku();
        var state = _products[sku].State;
        var delta = _random.Next(-Math.Min(5, state.Available), 6);
        if (delta == 0) delta = 1;
        return ProductCommand(user, nameof(AdjustStock), sku, ProductDecisions.AdjustStock(state, new AdjustStock(sku, delta, "cycle count")));
    }

    private AppendRequest Reprice(string user)
    {
        var sku = RandomSku();
        var state = _products[sku].State;
        var price = Math.Max(0.5m, Math.Round(state.Price * (decimal)(0.9 + (_random.NextDouble() * 0.2)), 2));
        return ProductCommand(user, nameof(ChangePrice), sku, ProductDecisions.ChangePrice(state, new ChangePrice(sku, price)));
    }

    private AppendRequest Rename(string user)
    {
        var sku = RandomSku();
        return ProductCommand(user, nameof(RenameProduct), sku,
            ProductDecisions.Rename(_products[sku].State, new RenameProduct(sku, $"Product {sku[4..]} rev {_random.Next(100)}")));
    }

    private AppendRequest Place(string user)
    {
        var orderId = $"ORD-{++_orderNumber:D8}";
        var lines = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => RandomSku()).Distinct()
            .Select(sku => new OrderLineRequest(sku, 1 + _random.Next(5))).ToList();
        var states = lines.ToDictionary(l => l.Sku, l => _products[l.Sku].State);
        var changes = OrderDecisions.Place(Order.Initial, states, new PlaceOrder(orderId, $"Customer {_random.Next(5000)}", lines));
        var commandId = Guid.CreateVersion7().ToString();
        _orders[orderId] = (Order.Initial, 0, commandId, commandId);
        _placed.Add(orderId);
        if (Correlations.Count < 10_000) Correlations.Add(commandId);
        return Commit(changes, new EventMetadata(user, nameof(PlaceOrder), commandId, commandId, commandId));
    }

    private AppendRequest Pay(string user)
    {
        var orderId = Take(_placed);
        var order = _orders[orderId];
        var changes = OrderDecisions.Pay(order.State, new PayOrder(orderId, order.State.Total, $"PAY-{_random.Next(1_000_000):D6}"));
        _paid.Add(orderId);
        return OrderCommand(user, nameof(PayOrder), orderId, changes);
    }

    private AppendRequest Ship(string user)
    {
        var orderId = Take(_paid);
        var order = _orders[orderId].State;
        var states = order.Lines.ToDictionary(l => l.Sku, l => _products[l.Sku].State);
        return OrderCommand(user, nameof(ShipOrder), orderId, OrderDecisions.Ship(order, states, new ShipOrder(orderId, "DHL", $"TRK{_random.Next(1_000_000_000)}")));
    }

    private AppendRequest Cancel(string user)
    {
        var fromPlaced = _paid.Count == 0 || (_placed.Count > 0 && _random.Next(2) == 0);
        var orderId = Take(fromPlaced ? _placed : _paid);
        var order = _orders[orderId].State;
        var states = order.Lines.ToDictionary(l => l.Sku, l => _products[l.Sku].State);
        return OrderCommand(user, nameof(CancelOrder), orderId, OrderDecisions.Cancel(order, states, new CancelOrder(orderId, "customer asked")));
    }

    private AppendRequest ProductCommand(string user, string name, string sku, IReadOnlyList<object> events)
    {
        var commandId = Guid.CreateVersion7().ToString();
        return Commit([new StreamChange(StreamIds.Product(sku), events)], new EventMetadata(user, name, commandId, commandId, commandId));
    }

    private AppendRequest OrderCommand(string user, string name, string orderId, IReadOnlyList<StreamChange> changes)
    {
        var order = _orders[orderId];
        var commandId = Guid.CreateVersion7().ToString();
        var request = Commit(changes, new EventMetadata(user, name, commandId, order.Correlation, order.LastCommand));
        var updated = _orders[orderId];
        _orders[orderId] = updated with { LastCommand = commandId };
        return request;
    }

    /// <summary>Folds the changes into the generator's state and expects each stream at the version it had.</summary>
    private AppendRequest Commit(IReadOnlyList<StreamChange> changes, EventMetadata metadata)
    {
        var streams = new List<StreamAppend>(changes.Count);
        foreach (var change in changes)
        {
            if (change.StreamId.StartsWith(StreamIds.ProductPrefix, StringComparison.Ordinal))
            {
                var sku = change.StreamId[StreamIds.ProductPrefix.Length..];
                var (state, version) = _products[sku];
                streams.Add(new StreamAppend(change.StreamId, version, change.Events));
                _products[sku] = (change.Events.Aggregate(state, Product.Evolve), version + change.Events.Count);
            }
            else
            {
                var orderId = change.StreamId[StreamIds.OrderPrefix.Length..];
                var order = _orders[orderId];
                streams.Add(new StreamAppend(change.StreamId, order.Version, change.Events));
                _orders[orderId] = order with { State = change.Events.Aggregate(order.State, Order.Evolve), Version = order.Version + change.Events.Count };
            }
        }
        return new AppendRequest(streams, metadata, _clock);
    }

    private string RandomSku() => _skus[_random.Next(_skus.Count)];

    private string Take(List<string> list)
    {
        var index = _random.Next(list.Count);
        var item = list[index];
        list[index] = list[^1];
        list.RemoveAt(list.Count - 1);
        return item;
    }
}
