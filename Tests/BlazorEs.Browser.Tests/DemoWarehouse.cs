namespace BlazorEs.Browser.Tests;

/// <summary>A realistic handful for screenshots: 10 products, 20 orders in every state, four operators.</summary>
public static class DemoWarehouse
{
    private static readonly (string Sku, string Name, decimal Price, int Received)[] Products =
    [
        ("PJ-2000", "Pallet jack 2t", 349.00m, 14),
        ("SF-500", "Stretch film 500 mm", 12.50m, 240),
        ("LB-100", "Shipping labels (roll of 1000)", 18.90m, 80),
        ("BX-M", "Carton box, medium", 1.35m, 600),
        ("BX-L", "Carton box, large", 1.95m, 400),
        ("TP-48", "Packing tape 48 mm", 3.20m, 150),
        ("GL-9", "Work gloves, size 9", 6.75m, 60),
        ("SC-01", "Hand-held barcode scanner", 129.00m, 12),
        ("LD-15", "Safety ladder, 5 steps", 89.00m, 8),
        ("BW-20", "Bubble wrap 20 m", 9.40m, 45),
    ];

    private static readonly string[] Customers =
    [
        "Nordhavn Foods", "Vesterbro Hardware", "Amager Office", "Kolding Logistics", "Aarhus Print Works",
        "Odense Garden Centre", "Roskilde Bikes", "Esbjerg Marine Supply",
    ];

    private static readonly string[] Operators = ["alice", "bob", "carol", "dave"];

    public static async Task SeedAsync(WarehouseApi api)
    {
        foreach (var (sku, name, price, received) in Products)
        {
            await api.RegisterAsync(sku, name, price, user: "alice");
            await api.ReceiveAsync(sku, received, user: "bob");
        }
        await api.SendAsync("AdjustStock", new { sku = "GL-9", delta = -4, reason = "Damaged in storage" }, user: "dave");

        var random = new Random(7);
        for (var i = 1; i <= 20; i++)
        {
            var orderId = $"SO-{1000 + i}";
            var user = Operators[i % Operators.Length];
            var lines = Products.OrderBy(_ => random.Next()).Take(1 + random.Next(3))
                .Select(p => (p.Sku, Quantity: p.Received > 100 ? 5 + random.Next(20) : 1 + random.Next(2))).ToArray();
            await api.PlaceOrderAsync(orderId, Customers[i % Customers.Length], user, lines);
            var total = lines.Sum(l => l.Quantity * Products.First(p => p.Sku == l.Sku).Price);
            if (i % 7 == 0)
            {
                await api.SendAsync("CancelOrder", new { orderId, reason = "Customer changed their mind" }, user: "carol");
                continue;
            }
            if (i % 3 == 0) continue;
            await api.SendAsync("PayOrder", new { orderId, amount = total, paymentReference = $"PAY-{5000 + i}" }, user: "alice");
            if (i % 2 == 0)
                await api.SendAsync("ShipOrder", new { orderId, carrier = i % 4 == 0 ? "PostNord" : "GLS", trackingNumber = $"TRK{880000 + i}" }, user: "bob");
        }
        // After the orders: a paid order must pay the price it was placed at.
        await api.SendAsync("ChangePrice", new { sku = "SF-500", price = 11.90m }, user: "carol");
    }
}
