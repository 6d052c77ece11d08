using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;

namespace BlazorEs.Infrastructure.Tests.Replay;

/// <summary>
/// The read models computed the plain way, straight from the events — deliberately not through the projections,
/// so the as-of engine is checked against something independent.
/// </summary>
internal static class PlainFold
{
    public static List<StockLevel> StockLevels(IEnumerable<StoredEvent> events)
    {
        var rows = new SortedDictionary<string, StockLevel>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var sku = Sku(e.Data);
            if (sku is null) continue;
            var row = e.Data is ProductRegistered r ? new StockLevel { Sku = r.Sku, Name = r.Name, Price = r.Price } : rows[sku];
            switch (e.Data)
            {
                case ProductRenamed x: row = row with { Name = x.Name }; break;
                case PriceChanged x: row = row with { Price = x.Price }; break;
                case ProductDiscontinued: row = row with { Discontinued = true }; break;
                case ProductReactivated: row = row with { Discontinued = false }; break;
                case StockReceived x: row = row with { OnHand = row.OnHand + x.Quantity }; break;
                case StockAdjusted x: row = row with { OnHand = row.OnHand + x.Delta }; break;
                case StockReserved x: row = row with { Reserved = row.Reserved + x.Quantity }; break;
                case ReservationReleased x: row = row with { Reserved = row.Reserved - x.Quantity }; break;
                case StockShipped x: row = row with { OnHand = row.OnHand - x.Quantity, Reserved = row.Reserved - x.Quantity, ShippedTotal = row.ShippedTotal + x.Quantity }; break;
            }
            rows[sku] = row with
            {
                Available = row.OnHand - row.Reserved,
                LastChangedAt = e.RecordedAt,
                LastChangedBy = e.Metadata.UserId,
                StreamVersion = e.StreamVersion,
                Position = e.Position,
            };
        }
        return rows.Values.ToList();
    }

    public static List<OrderSummary> OrderSummaries(IEnumerable<StoredEvent> events)
    {
        var rows = new SortedDictionary<string, OrderSummary>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            OrderSummary? row = e.Data switch
            {
                OrderPlaced x => new OrderSummary { OrderId = x.OrderId, Customer = x.Customer, Status = "Placed", LineCount = x.Lines.Count, Total = x.Total, PlacedAt = e.RecordedAt },
                OrderPaid x => rows[x.OrderId] with { Status = "Paid", PaidAt = e.RecordedAt },
                OrderShipped x => rows[x.OrderId] with { Status = "Shipped", ShippedAt = e.RecordedAt },
                OrderCancelled x => rows[x.OrderId] with { Status = "Cancelled", CancelledAt = e.RecordedAt },
                _ => null,
            };
            if (row is null) continue;
            rows[row.OrderId] = row with { LastChangedAt = e.RecordedAt, LastChangedBy = e.Metadata.UserId, StreamVersion = e.StreamVersion, Position = e.Position };
        }
        return rows.Values.ToList();
    }

    /// <summary>Per product: is it low now, how often did it become low, what is available.</summary>
    public static List<(string Sku, bool Active, int TimesRaised, int Available)> LowStock(IEnumerable<StoredEvent> events, int threshold)
    {
        var available = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var discontinued = new HashSet<string>();
        var low = new Dictionary<string, bool>();
        var raised = new Dictionary<string, int>();
        foreach (var e in events)
        {
            var sku = Sku(e.Data);
            if (sku is null) continue;
            switch (e.Data)
            {
                case ProductRegistered: available[sku] = 0; raised[sku] = 0; low[sku] = false; break;
                case ProductDiscontinued: discontinued.Add(sku); break;
                case ProductReactivated: discontinued.Remove(sku); break;
                case StockReceived x: available[sku] += x.Quantity; break;
                case StockAdjusted x: available[sku] += x.Delta; break;
                case StockReserved x: available[sku] -= x.Quantity; break;
                case ReservationReleased x: available[sku] += x.Quantity; break;
            }
            var isLow = !discontinued.Contains(sku) && available[sku] < threshold;
            if (isLow && !low[sku]) raised[sku]++;
            low[sku] = isLow;
        }
        return available.Select(a => (a.Key, low[a.Key], raised[a.Key], a.Value)).ToList();
    }

    public static (List<long> OrdersByStatus, decimal Revenue, decimal StockValue, long LowStock, long Events) Dashboard(IReadOnlyList<StoredEvent> events, int threshold)
    {
        var statuses = OrderSummaries(events).GroupBy(o => o.Status).ToDictionary(g => g.Key, g => (long)g.Count());
        var byStatus = new[] { "Placed", "Paid", "Shipped", "Cancelled" }.Select(s => statuses.GetValueOrDefault(s)).ToList();
        var revenue = events.Select(e => e.Data).OfType<OrderPaid>().Sum(p => p.Amount);
        var stock = StockLevels(events);
        var value = stock.Sum(s => s.OnHand * s.Price);
        var lowCount = stock.Count(s => !s.Discontinued && s.Available < threshold);
        return (byStatus, revenue, value, lowCount, events.Count);
    }

    private static string? Sku(object data) => (data as IProductEvent)?.Sku;
}
