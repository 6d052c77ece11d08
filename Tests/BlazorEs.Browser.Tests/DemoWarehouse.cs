using BlazorEs.Infrastructure.Seeding;

namespace BlazorEs.Browser.Tests;

/// <summary>
/// A realistic handful for screenshots: the shared <see cref="WarehouseHistory"/> (the seed's generator) at its
/// smallest, ten products over two days with orders in every state, sent as any client would, through the HTTP API.
/// </summary>
public static class DemoWarehouse
{
    private static readonly WarehouseHistoryShape Shape = new(Days: 2, Products: 10, OrdersPerDay: 12, Seed: 7);

    /// <summary>The catalog's first product, which every history has.</summary>
    public const string Sku = "BOLT-M8";

    /// <summary>The newest order, at the top of the orders screen.</summary>
    public static string OrderId { get; } = WarehouseHistory.Generate(Shape).FinalOrders.Keys.Max(StringComparer.Ordinal)!;

    public static async Task SeedAsync(WarehouseApi api)
    {
        foreach (var command in WarehouseHistory.Generate(Shape).Commands)
            await api.SendAsync(command.Command.GetType().Name, command.Command, command.User);
    }
}
