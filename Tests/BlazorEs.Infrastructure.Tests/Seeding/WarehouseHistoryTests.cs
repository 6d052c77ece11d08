using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Seeding;

namespace BlazorEs.Infrastructure.Tests.Seeding;

/// <summary>The generator as the tests and the benchmarks use it: lazily, in pieces, past its days, with thousands of products.</summary>
public sealed class WarehouseHistoryTests
{
    private static readonly WarehouseHistoryShape Small = new(Days: 3, Products: 12, OrdersPerDay: 30, Seed: 5);

    private static IEnumerable<string> Describe(IEnumerable<HistoryCommand> commands) =>
        commands.Select(c => $"{c.At.Ticks} {c.User} {c.Command} {string.Join(",", c.Appends.Select(a => $"{a.StreamId}@{a.ExpectedVersion}+{a.Events.Count}"))}");

    [Fact]
    public void TakingTheHistoryInPiecesGivesTheSameCommandsAsTheWholeOfIt()
    {
        var whole = WarehouseHistory.Generate(Small).Commands;
        var pieces = new WarehouseHistory(Small);
        var taken = new List<HistoryCommand>();
        while (taken.Count < whole.Count) taken.AddRange(pieces.TakeEvents(37));

        Assert.Equal(Describe(whole), Describe(taken.Take(whole.Count)));
    }

    [Fact]
    public void EveryAppendExpectsTheVersionItsStreamReachedBefore()
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var append in new WarehouseHistory(Small).Commands().Take(2_000).SelectMany(c => c.Appends))
        {
            Assert.Equal(versions.GetValueOrDefault(append.StreamId), append.ExpectedVersion);
            Assert.NotEmpty(append.Events);
            versions[append.StreamId] = append.ExpectedVersion + append.Events.Count;
        }
    }

    [Fact]
    public void AHistoryGoesOnPastItsDaysWhenMoreIsAskedFor()
    {
        var history = new WarehouseHistory(Small);
        var commands = history.TakeEvents(20_000);

        Assert.True(history.EventCount >= 20_000);
        Assert.True(commands[^1].At > TimeSpan.FromDays(Small.Days), $"ends at {commands[^1].At}");
        Assert.Equal(history.EventCount, commands.Sum(c => c.EventCount));
    }

    [Fact]
    public void ALargeCatalogTakesTheDemoProductsFirstThenMadeUpOnesAndCastsItsOwnPeople()
    {
        var cast = new HistoryCast(["s1", "s2"], ["f1"], ["w1", "w2", "w3"], ["m1"], ["x1"]);
        var history = new WarehouseHistory(new WarehouseHistoryShape(Days: 5, Products: 300, OrdersPerDay: 400, Seed: 1) { Cast = cast });
        var commands = history.TakeEvents(30_000);

        var registered = commands.Select(c => c.Command).OfType<RegisterProduct>().Select(r => r.Sku).ToList();
        Assert.Equal(300, registered.Distinct().Count());
        Assert.Equal(DemoCatalog.Products.Select(p => p.Sku).Take(10), registered.Take(10));
        Assert.Contains("SKU-000300", registered);
        Assert.Equal(cast.Everyone.Order(), commands.Select(c => c.User).Distinct().Order());
        Assert.All(history.Products.Values, p => Assert.True(p.OnHand >= p.Reserved && p.Reserved >= 0, p.Sku));
    }
}
