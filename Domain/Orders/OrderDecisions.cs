using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Products;

using static System.FormattableString;

namespace BlazorEs.Domain.Orders;

// Decisions of an order-{orderId} stream, next to its state in Order.cs.
public sealed partial record Order
{
    /// <summary>
    /// The one entry of every order command: given the current <see cref="Order"/>, the products the command reads
    /// (<see cref="IOrderCommand.ProductsRead"/>, keyed by sku) and the command, the new events per stream, or a
    /// <see cref="DomainException"/> for a broken rule. Each result lists the product streams first, one change per
    /// distinct sku in the order the skus first appear, then the order stream. Pure. Field rules are not checked
    /// here: the command pipeline ran them once already (<see cref="CommandValidation"/>).
    /// </summary>
    public static IReadOnlyList<StreamChange> Decide(Order state, IReadOnlyDictionary<string, Product> products, IOrderCommand command) => command switch
    {
        PlaceOrder c => Place(state, products, c),
        PayOrder c => Pay(state, c),
        ShipOrder c => Ship(state, products, c),
        CancelOrder c => Cancel(state, products, c),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Order.Decide has no case for this command."),
    };

    /// <param name="existing">The state of the order-{OrderId} stream; placing is refused if it already exists.</param>
    /// <param name="products">The products named by the lines, keyed by sku.</param>
    /// <param name="c">The command; its OrderId must have been assigned by the handler.</param>
    /// <remarks>
    /// Lines are recorded as requested (a sku may appear on several lines), each at the product's current price;
    /// stock is reserved once per sku for the summed quantity.
    /// </remarks>
    private static IReadOnlyList<StreamChange> Place(Order existing, IReadOnlyDictionary<string, Product> products, PlaceOrder c)
    {
        string orderId = c.OrderId
            ?? throw DomainException.Invalid(nameof(PlaceOrder.OrderId), "Order id must be assigned before the order is placed.");
        if (existing.Exists)
        {
            throw DomainException.Conflict($"Order {orderId} already exists.");
        }

        List<StreamChange> changes = [];
        foreach ((string sku, int quantity) in QuantityPerSku(c.Lines.Select(l => (l.Sku, l.Quantity))))
        {
            Product product = ExistingProduct(products, sku);
            if (product.Discontinued)
            {
                throw DomainException.Rule($"Product {sku} is discontinued.");
            }

            if (quantity > product.Available)
            {
                throw DomainException.Rule(
                    Invariant($"Insufficient stock for {sku}: requested {quantity}, available {product.Available}."));
            }

            changes.Add(new StreamChange(StreamIds.Product(sku), [new StockReserved(sku, orderId, quantity)]));
        }

        OrderLine[] lines = [.. c.Lines.Select(l => new OrderLine(l.Sku, l.Quantity, products[l.Sku].Price))];
        decimal total = lines.Sum(l => l.LineTotal);
        changes.Add(new StreamChange(StreamIds.Order(orderId), [new OrderPlaced(orderId, c.Customer, lines, total)]));
        return changes;
    }

    /// <summary>The amount must equal the total exactly: partial payments and overpayments are not modelled.</summary>
    private static IReadOnlyList<StreamChange> Pay(Order order, PayOrder c)
    {
        EnsureExists(order, c.OrderId);
        switch (order.Status)
        {
            case OrderStatus.Paid:
                throw DomainException.Rule($"Order {c.OrderId} is already paid.");
            case OrderStatus.Shipped:
                throw DomainException.Rule($"Order {c.OrderId} has already shipped.");
            case OrderStatus.Cancelled:
                throw DomainException.Rule($"Order {c.OrderId} is cancelled.");
        }

        if (c.Amount != order.Total)
        {
            throw DomainException.Rule($"Amount {Money(c.Amount)} does not equal the order total {Money(order.Total)}.");
        }

        return [new StreamChange(StreamIds.Order(c.OrderId), [new OrderPaid(c.OrderId, c.Amount, c.PaymentReference)])];
    }

    /// <summary>Ships a paid order: its reserved stock leaves the warehouse. Discontinued products still ship.</summary>
    private static IReadOnlyList<StreamChange> Ship(Order order, IReadOnlyDictionary<string, Product> products, ShipOrder c)
    {
        EnsureExists(order, c.OrderId);
        switch (order.Status)
        {
            case OrderStatus.Placed:
                throw DomainException.Rule($"Order {c.OrderId} is not paid.");
            case OrderStatus.Shipped:
                throw DomainException.Rule($"Order {c.OrderId} has already shipped.");
            case OrderStatus.Cancelled:
                throw DomainException.Rule($"Order {c.OrderId} is cancelled.");
        }

        List<StreamChange> changes = [];
        foreach ((string sku, int quantity) in QuantityPerSku(order.Lines.Select(l => (l.Sku, l.Quantity))))
        {
            Product product = ExistingProduct(products, sku);
            EnsureReserved(product, quantity);
            changes.Add(new StreamChange(StreamIds.Product(sku), [new StockShipped(sku, c.OrderId, quantity)]));
        }

        changes.Add(new StreamChange(StreamIds.Order(c.OrderId), [new OrderShipped(c.OrderId, c.Carrier, c.TrackingNumber)]));
        return changes;
    }

    /// <summary>
    /// Cancels a placed or paid order and releases its reservations. Refunding a paid order is out of scope:
    /// the cancellation is recorded, the money is settled outside this system.
    /// </summary>
    private static IReadOnlyList<StreamChange> Cancel(Order order, IReadOnlyDictionary<string, Product> products, CancelOrder c)
    {
        EnsureExists(order, c.OrderId);
        switch (order.Status)
        {
            case OrderStatus.Shipped:
                throw DomainException.Rule($"Order {c.OrderId} has already shipped and cannot be cancelled.");
            case OrderStatus.Cancelled:
                throw DomainException.Rule($"Order {c.OrderId} is already cancelled.");
        }

        List<StreamChange> changes = [];
        foreach ((string sku, int quantity) in QuantityPerSku(order.Lines.Select(l => (l.Sku, l.Quantity))))
        {
            Product product = ExistingProduct(products, sku);
            EnsureReserved(product, quantity);
            changes.Add(new StreamChange(StreamIds.Product(sku), [new ReservationReleased(sku, c.OrderId, quantity)]));
        }

        changes.Add(new StreamChange(StreamIds.Order(c.OrderId), [new OrderCancelled(c.OrderId, c.Reason, order.Status == OrderStatus.Paid)]));
        return changes;
    }

    /// <summary>One entry per distinct sku, in the order the skus first appear, with the quantities summed.</summary>
    private static IEnumerable<(string Sku, int Quantity)> QuantityPerSku(IEnumerable<(string Sku, int Quantity)> lines) =>
        lines
            .GroupBy(l => l.Sku, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(l => l.Quantity)));

    private static void EnsureExists(Order order, string orderId)
    {
        if (!order.Exists)
        {
            throw DomainException.NotFound($"Order {orderId} does not exist.");
        }
    }

    private static Product ExistingProduct(IReadOnlyDictionary<string, Product> products, string sku) =>
        products.TryGetValue(sku, out Product? product) && product.Exists
            ? product
            : throw DomainException.NotFound($"Product {sku} does not exist.");

    // Every order's quantities stay reserved until it ships or is cancelled, so this only fails when the
    // product state handed in is not the one the order reserved against; refusing keeps Reserved from going negative.
    private static void EnsureReserved(Product product, int quantity)
    {
        if (product.Reserved < quantity || product.OnHand < quantity)
        {
            throw DomainException.Rule(Invariant(
                $"Product {product.Sku} has only {product.Reserved} reserved and {product.OnHand} on hand, fewer than the order's {quantity}."));
        }
    }

    // Two decimals at least, more only when the amount has them, so 12.005 is never shown as 12.01.
    private static string Money(decimal amount) =>
        amount.ToString("0.00##########", System.Globalization.CultureInfo.InvariantCulture);
}
