using System.Globalization;
using BlazorEs.Domain;
using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Replay;

/// <summary>The app's infrastructure (<see cref="TestHost"/>) with small snapshot intervals, and a generated history.</summary>
public static class ReplayHost
{
    public static Task<TestHost> StartAsync(int snapshotEvery = 100) =>
        TestHost.StartAsync(new Dictionary<string, string?> { ["Replay:SnapshotEvery"] = snapshotEvery.ToString(CultureInfo.InvariantCulture) });

    /// <summary>
    /// A deterministic random history through the real command path: products, receipts, adjustments, price changes,
    /// renames, orders placed, paid, shipped and cancelled. Commands the domain refuses are simply skipped.
    /// </summary>
    public static async Task GenerateHistoryAsync(this TestHost host, int commands, int seed = 7, DateTime? start = null)
    {
        var random = new Random(seed);
        var time = start ?? new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var skus = Enumerable.Range(1, 6).Select(i => $"SKU-{i}").ToArray();
        var orders = new List<string>();
        foreach (var sku in skus)
        {
            time = time.AddMinutes(7);
            await host.SendAsync(new RegisterProduct(sku, $"Product {sku}", 5 + random.Next(1, 50)), new CommandOptions(RecordedAt: time));
        }
        for (var i = 0; i < commands; i++)
        {
            time = time.AddMinutes(random.Next(1, 90));
            var sku = skus[random.Next(skus.Length)];
            IWarehouseCommand command = random.Next(100) switch
            {
                < 20 => new ReceiveStock(sku, random.Next(1, 40), $"PO-{i}"),
                < 27 => new AdjustStock(sku, random.Next(-5, 6) is var d && d != 0 ? d : 1, "cycle count"),
                < 30 => new ChangePrice(sku, random.Next(1, 80)),
                < 32 => new RenameProduct(sku, $"Product {sku} v{i}"),
                < 60 => new PlaceOrder($"O-{i}", $"Customer {random.Next(20)}", [new OrderLineRequest(sku, random.Next(1, 6)), new OrderLineRequest(skus[random.Next(skus.Length)], random.Next(1, 4))]),
                < 75 when orders.Count > 0 => new PayOrder(orders[random.Next(orders.Count)], 0, "PAY"),
                < 88 when orders.Count > 0 => new ShipOrder(orders[random.Next(orders.Count)], "DHL", $"TRK-{i}"),
                < 96 when orders.Count > 0 => new CancelOrder(orders[random.Next(orders.Count)], "customer asked"),
                _ => new ReceiveStock(sku, random.Next(1, 10), $"PO-{i}"),
            };
            try
            {
                if (command is PayOrder pay) command = pay with { Amount = await TotalOfAsync(host, pay.OrderId) };
                await host.SendAsync(command, new CommandOptions(RecordedAt: time, User: $"user{random.Next(3)}"));
                if (command is PlaceOrder placed) orders.Add(placed.OrderId!);
            }
            catch (DomainException)
            {
            }
        }
    }

    private static async Task<decimal> TotalOfAsync(TestHost host, string orderId)
    {
        var reader = host.Reader;
        var placed = (await reader.ReadStreamAsync(StreamIds.Order(orderId))).Select(e => e.Data).OfType<OrderPlaced>().FirstOrDefault();
        return placed?.Total ?? 1;
    }
}
