using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Seeding;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BlazorEs.Infrastructure.Tests.Seeding;

public sealed class DemoHistorySeederTests
{
    private static readonly WarehouseHistoryShape Small = new(Days: 3, Products: 6, OrdersPerDay: 40, Seed: 7);

    [Fact]
    public async Task AScaledDownHistoryCommitsThroughTheRealPipelineWithoutAFailure()
    {
        await using var host = await TestHost.StartAsync();
        var seeder = ActivatorUtilities.CreateInstance<DemoHistorySeeder>(host.Services);
        var history = DemoHistory.Generate(Small);
        var endsAt = new DateTime(2026, 11, 20, 14, 2, 0, DateTimeKind.Utc);

        var outcome = await seeder.SeedAsync(history, endsAt, TestContext.Current.CancellationToken);

        Assert.Equal(0, outcome.Failed);
        Assert.Equal(history.Commands.Count, outcome.Commands);
        Assert.Equal(history.EventCount, await host.CountEventsAsync());
        var kinds = history.Commands.Select(c => c.Command.GetType()).ToHashSet();
        Assert.Superset(
            new HashSet<Type> { typeof(RegisterProduct), typeof(ReceiveStock), typeof(PlaceOrder), typeof(PayOrder), typeof(ShipOrder), typeof(CancelOrder) },
            kinds);
    }

    [Fact]
    public async Task TheStoreEndsInTheStateTheHistoryPredicted()
    {
        await using var host = await TestHost.StartAsync();
        var seeder = ActivatorUtilities.CreateInstance<DemoHistorySeeder>(host.Services);
        var history = DemoHistory.Generate(Small);
        await seeder.SeedAsync(history, DateTime.UtcNow, TestContext.Current.CancellationToken);
        var reader = host.Services.GetRequiredService<EventReader>();

        foreach (var (sku, expected) in history.FinalProducts)
        {
            var events = await reader.ReadStreamAsync(StreamIds.Product(sku));
            Assert.Equal(expected, events.Aggregate(Product.Initial, (state, e) => Product.Evolve(state, e.Data)));
        }
        foreach (var (orderId, expected) in history.FinalOrders)
        {
            var events = await reader.ReadStreamAsync(StreamIds.Order(orderId));
            var order = events.Aggregate(Order.Initial, (state, e) => Order.Evolve(state, e.Data));
            Assert.Equal((expected.Status, expected.Total, expected.AmountPaid), (order.Status, order.Total, order.AmountPaid));
        }
    }

    [Fact]
    public async Task EventsAreBackdatedToEndAtTheGivenTimeAndRecordWhoSentThem()
    {
        await using var host = await TestHost.StartAsync();
        var seeder = ActivatorUtilities.CreateInstance<DemoHistorySeeder>(host.Services);
        var history = DemoHistory.Generate(Small);
        var endsAt = new DateTime(2026, 11, 20, 14, 2, 0, DateTimeKind.Utc);

        await seeder.SeedAsync(history, endsAt, TestContext.Current.CancellationToken);

        var events = await host.Services.GetRequiredService<EventReader>().ReadAllAsync(0, 100_000);
        var times = events.Select(e => e.RecordedAt).ToList();
        Assert.True(times.Zip(times.Skip(1)).All(pair => pair.First <= pair.Second), "time never runs backwards along positions");
        Assert.Equal(endsAt, times[^1]);
        // Commands of one step commit in whichever order they finish; a later one first pulls the others up to its time.
        var startsAt = endsAt - history.Commands[^1].At;
        var firstStep = history.Steps(DemoHistorySeeder.MaxConcurrency).First();
        Assert.InRange(times[0], startsAt + firstStep[0].At, startsAt + firstStep[^1].At);
        Assert.Equal(
            history.Commands.Select(c => c.User).Distinct().Order(),
            events.Select(e => e.Metadata.UserId).Distinct().Order());
    }

    [Fact]
    public async Task TheSeederLeavesAStoreThatHasEventsAlone()
    {
        await using var host = await TestHost.StartAsync();
        await host.SendAsync(new RegisterProduct("BOLT-M8", "Hex bolt M8", 8.90m));
        var seeder = ActivatorUtilities.CreateInstance<DemoHistorySeeder>(host.Services);

        await seeder.StartAsync(TestContext.Current.CancellationToken);
        await seeder.ExecuteTask!;
        await seeder.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, await host.CountEventsAsync());
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void TheSeederRunsOnlyWhenSeedIsEnabled(bool enabled, int seeders)
    {
        var builder = TestHost.CreateBuilder(Path.Combine(Path.GetTempPath(), "unused.db"), seed: enabled);

        builder.AddInfrastructure();

        Assert.Equal(seeders, builder.Services.Count(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DemoHistorySeeder)));
    }

    [Theory]
    [InlineData("Development", 1)]
    [InlineData("Production", 0)]
    [InlineData("Staging", 0)]
    public void WithoutSeedEnabledOnlyDevelopmentSeeds(string environment, int seeders)
    {
        var builder = TestHost.CreateBuilder(Path.Combine(Path.GetTempPath(), "unused.db"));
        builder.Configuration["Seed:Enabled"] = null;
        builder.Environment.EnvironmentName = environment;

        builder.AddInfrastructure();

        Assert.Equal(seeders, builder.Services.Count(d => d.ImplementationType == typeof(DemoHistorySeeder)));
    }

    [Fact]
    public void ProductionSeedsWhenSeedEnabledIsSetExplicitly()
    {
        var builder = TestHost.CreateBuilder(Path.Combine(Path.GetTempPath(), "unused.db"), seed: true);
        builder.Environment.EnvironmentName = "Production";

        builder.AddInfrastructure();

        Assert.Contains(builder.Services, d => d.ImplementationType == typeof(DemoHistorySeeder));
    }
}
