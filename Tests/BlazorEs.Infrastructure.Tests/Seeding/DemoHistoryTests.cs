using System.Text.Json;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Seeding;

namespace BlazorEs.Infrastructure.Tests.Seeding;

public sealed class DemoHistoryTests
{
    // Generating the full history takes well under a second; one instance serves the tests that only read it.
    private static readonly Lazy<DemoHistory> Full = new(() => DemoHistory.Generate(WarehouseHistoryShape.Demo));

    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "system"];

    private static IReadOnlyList<string> Describe(DemoHistory history) =>
        [.. history.Commands.Select(c =>
            $"{c.At.Ticks} {c.User} {c.Command.GetType().Name} {JsonSerializer.Serialize(c.Command, c.Command.GetType())} {string.Join(",", c.Streams)}")];

    [Fact]
    public void TheSameShapeAlwaysGivesTheSameCommandsInTheSameOrder()
    {
        var again = DemoHistory.Generate(WarehouseHistoryShape.Demo);

        Assert.Equal(Describe(Full.Value), Describe(again));
        Assert.Equal(Full.Value.EventCount, again.EventCount);
    }

    [Fact]
    public void AnotherSeedGivesAnotherHistory()
    {
        var other = DemoHistory.Generate(WarehouseHistoryShape.Demo with { Seed = WarehouseHistoryShape.Demo.Seed + 1 });

        Assert.NotEqual(Describe(Full.Value), Describe(other));
    }

    [Fact]
    public void TheFullHistoryHasAtLeastThirtyProductsThreeThousandOrdersAndThirtyThousandEvents()
    {
        var history = Full.Value;

        Assert.True(history.FinalProducts.Count >= 30, $"{history.FinalProducts.Count} products");
        Assert.True(history.FinalOrders.Count >= 3_000, $"{history.FinalOrders.Count} orders");
        Assert.True(history.EventCount >= 30_000, $"{history.EventCount} events");
        Assert.All(history.FinalProducts.Keys, sku => Assert.Matches("^[A-Z0-9-]+$", sku));
    }

    [Fact]
    public void TheFullHistoryEndsWithOrdersInEveryState()
    {
        var orders = Full.Value.FinalOrders.Values.ToList();

        Assert.Contains(orders, o => o.Status == OrderStatus.Placed);
        Assert.Contains(orders, o => o.Status == OrderStatus.Paid);
        Assert.Contains(orders, o => o.Status == OrderStatus.Shipped);
        Assert.Contains(orders, o => o.Status == OrderStatus.Cancelled && o.AmountPaid == 0);
        Assert.Contains(orders, o => o.Status == OrderStatus.Cancelled && o.AmountPaid > 0);
        Assert.True(orders.Count(o => o.Status == OrderStatus.Shipped) > orders.Count / 2, "most orders ship");
    }

    [Fact]
    public void TheFullHistoryReceivesAdjustsRepricesRenamesAndDiscontinues()
    {
        var commands = Full.Value.Commands.Select(c => c.Command).ToList();

        Assert.True(commands.OfType<ReceiveStock>().Count() > commands.OfType<RegisterProduct>().Count(), "restocked after the opening stock");
        Assert.Contains(commands.OfType<AdjustStock>(), a => a.Delta < 0);
        Assert.Contains(commands.OfType<AdjustStock>(), a => a.Delta > 0);
        Assert.All(commands.OfType<AdjustStock>(), a => Assert.False(string.IsNullOrWhiteSpace(a.Reason)));
        Assert.InRange(commands.OfType<ChangePrice>().Count(), 2, 6);
        Assert.InRange(commands.OfType<RenameProduct>().Count(), 1, 3);
        Assert.InRange(commands.OfType<DiscontinueProduct>().Count(), 1, 2);
        Assert.Equal(commands.OfType<DiscontinueProduct>().Count(), Full.Value.FinalProducts.Values.Count(p => p.Discontinued));
    }

    [Fact]
    public void SomeProductsEndTheHistoryLowOnStockWhileMostAreWellStocked()
    {
        var active = Full.Value.FinalProducts.Values.Where(p => !p.Discontinued).ToList();

        Assert.InRange(active.Count(p => p.Available < 10), 2, 8);
        Assert.True(active.Count(p => p.Available >= 10) >= 20, "most shelves are stocked");
        Assert.All(Full.Value.FinalProducts.Values, p => Assert.True(p.OnHand >= p.Reserved && p.Reserved >= 0, p.Sku));
    }

    [Fact]
    public void TheHistoryIsTheWorkOfAliceBobCarolDaveAndTheSystem()
    {
        var users = Full.Value.Commands.Select(c => c.User).Distinct().Order().ToList();

        Assert.Equal(Users.Order(), users);
    }

    [Fact]
    public void TimeOnlyMovesForwardAndStaysWithinTheDays()
    {
        var times = Full.Value.Commands.Select(c => c.At).ToList();

        Assert.True(times.Zip(times.Skip(1)).All(pair => pair.First <= pair.Second), "times never go backwards");
        Assert.InRange(times[^1], TimeSpan.FromDays(WarehouseHistoryShape.Demo.Days - 1), TimeSpan.FromDays(WarehouseHistoryShape.Demo.Days));
    }

    [Fact]
    public void StepsKeepTheCommandOrderAndNeverWriteOneStreamTwice()
    {
        var steps = Full.Value.Steps(maxConcurrency: 64).ToList();

        Assert.Equal(Full.Value.Commands, steps.SelectMany(s => s));
        Assert.All(steps, step =>
        {
            Assert.InRange(step.Count, 1, 64);
            var streams = step.SelectMany(c => c.Streams).ToList();
            Assert.Equal(streams.Count, streams.Distinct(StringComparer.Ordinal).Count());
        });
    }

    [Fact]
    public void EveryCommandNamesTheStreamsItWritesIncludingItsOwn()
    {
        Assert.All(Full.Value.Commands, c => Assert.Contains(c.Command.PrimaryStream, c.Streams));
    }
}
