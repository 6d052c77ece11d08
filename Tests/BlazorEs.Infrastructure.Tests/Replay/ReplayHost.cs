using System.Globalization;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Seeding;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Replay;

/// <summary>The app's infrastructure (<see cref="TestHost"/>) with small snapshot intervals, and a generated history.</summary>
public static class ReplayHost
{
    public static Task<TestHost> StartAsync(int snapshotEvery = 100) =>
        TestHost.StartAsync(new Dictionary<string, string?> { ["Replay:SnapshotEvery"] = snapshotEvery.ToString(CultureInfo.InvariantCulture) });

    /// <summary>
    /// The shared <see cref="WarehouseHistory"/> (six products, two busy days) through the real command path:
    /// products, receipts, adjustments, price changes, renames, orders placed, paid, shipped and cancelled.
    /// </summary>
    public static async Task GenerateHistoryAsync(this TestHost host, int commands, int seed = 7, DateTime? start = null)
    {
        var from = start ?? new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var history = new WarehouseHistory(new WarehouseHistoryShape(Days: 2, Products: 6, OrdersPerDay: 40, Seed: seed));
        foreach (var command in history.TakeCommands(commands))
            await host.SendAsync(command.Command, new CommandOptions(RecordedAt: from + command.At, User: command.User));
    }

    /// <summary>A product every generated history has.</summary>
    public const string FirstSku = "BOLT-M8";
}
