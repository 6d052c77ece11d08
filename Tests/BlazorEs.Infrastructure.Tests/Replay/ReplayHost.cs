using BlazorEs.Domain;
using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Tests.Support;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BlazorEs.Infrastructure.Tests.Replay;

/// <summary>The app's infrastructure on a temp SQLite file with small snapshot intervals, and a generated history.</summary>
public sealed class ReplayHost : IAsyncDisposable
{
    private readonly string _folder;

    private ReplayHost(string folder, IHost host)
    {
        _folder = folder;
        Host = host;
    }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public static async Task<ReplayHost> StartAsync(int snapshotEvery = 100)
    {
        var folder = Path.Combine(Path.GetTempPath(), "blazores-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = TestHost.CreateBuilder(Path.Combine(folder, "store.db"));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Replay:SnapshotEvery"] = snapshotEvery.ToString() });
        builder.AddInfrastructure();
        var host = builder.Build();
        await host.StartAsync();
        return new ReplayHost(folder, host);
    }

    public async Task<T> SendAsync<T>(Func<IMediator, ValueTask<T>> send)
    {
        await using var scope = Services.CreateAsyncScope();
        return await send(scope.ServiceProvider.GetRequiredService<IMediator>());
    }

    public Task<BlazorEs.Infrastructure.EventStore.CommitResult> SendAsync(IWarehouseCommand command, CommandOptions? options = null) =>
        SendAsync(m => m.Send(new ExecuteCommand(command, options)));

    /// <summary>
    /// A deterministic random history through the real command path: products, receipts, adjustments, price changes,
    /// renames, orders placed, paid, shipped and cancelled. Commands the domain refuses are simply skipped.
    /// </summary>
    public async Task GenerateHistoryAsync(int commands, int seed = 7, DateTime? start = null)
    {
        var random = new Random(seed);
        var time = start ?? new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var skus = Enumerable.Range(1, 6).Select(i => $"SKU-{i}").ToArray();
        var orders = new List<string>();
        foreach (var sku in skus)
        {
            time = time.AddMinutes(7);
            await SendAsync(new RegisterProduct(sku, $"Product {sku}", 5 + random.Next(1, 50)), new CommandOptions(RecordedAt: time));
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
                if (command is PayOrder pay) command = pay with { Amount = await TotalOfAsync(pay.OrderId) };
                await SendAsync(command, new CommandOptions(RecordedAt: time, User: $"user{random.Next(3)}"));
                if (command is PlaceOrder placed) orders.Add(placed.OrderId!);
            }
            catch (DomainException)
            {
            }
        }
    }

    private async Task<decimal> TotalOfAsync(string orderId)
    {
        var reader = Services.GetRequiredService<BlazorEs.Infrastructure.EventStore.EventReader>();
        var placed = (await reader.ReadStreamAsync(StreamIds.Order(orderId))).Select(e => e.Data).OfType<OrderPlaced>().FirstOrDefault();
        return placed?.Total ?? 1;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
