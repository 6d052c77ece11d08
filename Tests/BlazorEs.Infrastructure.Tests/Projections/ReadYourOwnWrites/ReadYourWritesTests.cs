using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Infrastructure.Tests.Projections.ReadYourOwnWrites;

/// <summary>A caller waits until the projections it reads show its command, then reads its own writes.</summary>
public abstract class ReadYourWritesTests(DatabaseProvider provider) : BothProviders(provider)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AfterWaitingForStockLevelsTheStockQueryShowsTheCommandsRowAtOnceEvenWhenAnOlderPageWasCached()
    {
        await using var host = await StartAsync();
        var readYourWrites = host.Services.GetRequiredService<ReadYourWrites>();
        Assert.Empty((await host.QueryAsync(new GetStockLevels(new GridRequest()))).Items);

        var registered = await host.ExecuteAsync(new RegisterProduct("A", "Anvil", 10m), user: "dave");
        Assert.True(await readYourWrites.WaitAsync(registered.LastPosition, [StockLevelsProjection.ProjectionName], Timeout, TestContext.Current.CancellationToken));
        var afterRegister = Assert.Single((await host.QueryAsync(new GetStockLevels(new GridRequest()))).Items);

        var received = await host.ExecuteAsync(new ReceiveStock("A", 7, "PO-1"), user: "dave");
        Assert.True(await readYourWrites.WaitAsync(received.LastPosition, [StockLevelsProjection.ProjectionName], Timeout, TestContext.Current.CancellationToken));
        var afterReceive = Assert.Single((await host.QueryAsync(new GetStockLevels(new GridRequest()))).Items);

        Assert.Equal(("A", "Anvil", 0, "dave", registered.LastPosition), (afterRegister.Sku, afterRegister.Name, afterRegister.OnHand, afterRegister.LastChangedBy, afterRegister.Position));
        Assert.Equal((7, 7, received.LastPosition), (afterReceive.OnHand, afterReceive.Available, afterReceive.Position));
    }

    [Fact]
    public async Task WaitingWithoutNamesWaitsForEveryProjection()
    {
        await using var host = await StartAsync();

        var result = await host.ExecuteAsync(new RegisterProduct("A", "Anvil", 10m));

        Assert.True(await host.Services.GetRequiredService<ReadYourWrites>().WaitAsync(result.LastPosition, null, Timeout, TestContext.Current.CancellationToken));
        Assert.All(host.Projections.All, r => Assert.True(r.Checkpoint >= result.LastPosition, r.Name));
    }

    [Fact]
    public async Task WaitingOnAParkedProjectionThrowsProjectionParkedExceptionWhileTheOthersStillAnswer()
    {
        var poison = new PoisonedProjection<LowStockAlert>(new LowStockAlertsProjection(new ReadModelOptions()));
        await using var host = await StartAsync(
            new Dictionary<string, string?> { ["Projections:MaxAttempts"] = "1" },
            services =>
            {
                services.Remove(services.Single(d => d.ServiceType == typeof(IProjection) && d.ImplementationInstance is LowStockAlertsProjection));
                services.AddSingleton<IProjection>(poison);
            });
        var readYourWrites = host.Services.GetRequiredService<ReadYourWrites>();
        await host.ExecuteAsync(new RegisterProduct("A", "Anvil", 10m));

        var poisoned = await host.ExecuteAsync(new AdjustStock("A", 4, PoisonedProjection<LowStockAlert>.Reason));

        var parked = await Assert.ThrowsAsync<ProjectionParkedException>(() =>
            readYourWrites.WaitAsync(poisoned.LastPosition, [LowStockAlertsProjection.ProjectionName], Timeout, TestContext.Current.CancellationToken));
        Assert.Equal((LowStockAlertsProjection.ProjectionName, poisoned.LastPosition), (parked.Projection, parked.ParkedAt));
        await Assert.ThrowsAsync<ProjectionParkedException>(() => readYourWrites.WaitAsync(poisoned.LastPosition, null, Timeout, TestContext.Current.CancellationToken));
        Assert.True(await readYourWrites.WaitAsync(poisoned.LastPosition, [StockLevelsProjection.ProjectionName], Timeout, TestContext.Current.CancellationToken));
        Assert.True(await readYourWrites.WaitAsync(poisoned.LastPosition - 1, [LowStockAlertsProjection.ProjectionName], Timeout, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task APositionNotReachedInTimeIsFalseAndAnUnknownProjectionIsAnError()
    {
        await using var host = await StartAsync();
        var readYourWrites = host.Services.GetRequiredService<ReadYourWrites>();
        var result = await host.ExecuteAsync(new RegisterProduct("A", "Anvil", 10m));

        Assert.False(await readYourWrites.WaitAsync(result.LastPosition + 1, [StockLevelsProjection.ProjectionName], TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken));
        var unknown = await Assert.ThrowsAsync<KeyNotFoundException>(() => readYourWrites.WaitAsync(result.LastPosition, ["Nope"], Timeout, TestContext.Current.CancellationToken));
        Assert.Contains("StockLevels", unknown.Message);
    }
}

public sealed class ReadYourWritesTestsOnSqlite() : ReadYourWritesTests(DatabaseProvider.Sqlite);

public sealed class ReadYourWritesTestsOnPostgreSql() : ReadYourWritesTests(DatabaseProvider.PostgreSql);
