using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Infrastructure.Tests.ReadModels;

/// <summary>The keyed lookups live views patch their rows with: exactly the rows asked for, and a clear refusal of too many keys.</summary>
public abstract class KeyedLookupTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task AKeyedLookupAnswersTheCurrentRowsOfTheKeysThatExistEachOnce()
    {
        await using var host = await StartAsync();
        await host.ExecuteAsync(new RegisterProduct("A", "Anvil", 10m));
        await host.ExecuteAsync(new RegisterProduct("B", "Bolt", 1m));
        await host.ExecuteAsync(new ReceiveStock("A", 20, "PO-1"));
        await host.ExecuteAsync(new PlaceOrder("ORD-1", "Acme", [new OrderLineRequest("A", 2)]));
        await host.ExecuteAsync(new PlaceOrder("ORD-2", "Globex", [new OrderLineRequest("A", 3)]));
        var paid = await host.ExecuteAsync(new PayOrder("ORD-2", 30m, "PAY-1"));
        Assert.True(await host.Services.GetRequiredService<ReadYourWrites>().WaitAsync(paid.LastPosition, [], TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));

        var stock = await host.QueryAsync(new GetStockLevelsByKeys(["A", "A", "NOPE"]));
        var orders = await host.QueryAsync(new GetOrderSummariesByKeys(["ORD-2", "ORD-9", "ORD-2"]));

        Assert.Equal(("A", 20, 5), (Assert.Single(stock).Sku, stock[0].OnHand, stock[0].Reserved));
        Assert.Equal(("ORD-2", "Paid"), (Assert.Single(orders).OrderId, orders[0].Status));
        Assert.Empty(await host.QueryAsync(new GetOrderSummariesByKeys([])));
    }

    [Fact]
    public async Task MoreKeysThanALookupTakesAreRefusedWithAClearMessage()
    {
        await using var host = await StartAsync();
        var tooMany = Enumerable.Range(0, KeyedLookup.MaxKeys + 1).Select(i => $"ORD-{i}").ToList();

        var refused = await Assert.ThrowsAsync<DomainException>(() => host.QueryAsync(new GetOrderSummariesByKeys(tooMany)));

        Assert.Equal(DomainErrorKind.Validation, refused.Kind);
        Assert.Equal([$"At most {KeyedLookup.MaxKeys} order ids at a time."], refused.FieldErrors[nameof(GetOrderSummariesByKeys.OrderIds)]);
    }
}

public sealed class KeyedLookupTestsOnSqlite() : KeyedLookupTests(DatabaseProvider.Sqlite);

public sealed class KeyedLookupTestsOnPostgreSql() : KeyedLookupTests(DatabaseProvider.PostgreSql);
