using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.Projections.CatchUp;

/// <summary>
/// The round after a command takes the events this instance's writer just committed instead of reading them back:
/// they must be exactly what a read returns, and a position committed in between by another writer must still be
/// read from the store, in order.
/// </summary>
public abstract class CommittedEventsTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task TheEventsTheWriterHandsOverAreTheEventsReadBackFromTheStore()
    {
        await using var host = await StartAsync();
        var handed = new List<StoredEvent>();
        host.Services.GetRequiredService<StoreHead>().OnCommitted(events => { lock (handed) handed.AddRange(events); });

        await host.SendAsync(new RegisterProduct("BOLT-M8", "Hex bolt M8", 8.90m));
        await host.SendAsync(new ReceiveStock("BOLT-M8", 5, "PO-1"), new CommandOptions(RecordedAt: new DateTime(2030, 1, 2, 3, 4, 5, 678, DateTimeKind.Local)));
        await host.SendAsync(new PlaceOrder("SO-1", "Acme", [new OrderLineRequest("BOLT-M8", 2)]));

        var readBack = await host.Reader.ReadAllAsync(0, 100, ct: TestContext.Current.CancellationToken);
        Assert.Equal(4, readBack.Count);
        Assert.Equivalent(readBack, handed, strict: true);
        Assert.All(handed, e => Assert.Equal(DateTimeKind.Utc, e.RecordedAt.Kind));
    }

    [Fact]
    public async Task AnEventAnotherWriterCommittedBetweenTwoOfThisInstancesCommitsIsAppliedInOrder()
    {
        await using var host = await StartAsync();
        var sku = "BOLT-M8";
        await host.SendAsync(new RegisterProduct(sku, "Hex bolt M8", 8.90m));
        // Another instance's writer on the same file: this instance's writer never hands its event over.
        await using (var other = new EventStoreWriter(host.Services.GetRequiredService<StoreContextFactory>(), host.Services.GetRequiredService<EventTypeMap>(), NullLogger<EventStoreWriter>.Instance))
        {
            await other.AppendAsync(new AppendRequest(
                [new StreamAppend(StreamIds.Product(sku), 1, [new StockReceived(sku, 7, "PO-OTHER")])],
                new EventMetadata("other", nameof(ReceiveStock), "other-1", "other-1", "other-1")));
        }

        var result = await host.SendAsync(new ReceiveStock(sku, 5, "PO-1"));

        Assert.Equal(3, result.LastPosition);
        var row = Assert.Single((await host.QueryAsync(new GetStockLevels(new GridRequest()))).Items);
        Assert.Equal((12, 3L), (row.OnHand, row.Position));
    }
}

public sealed class CommittedEventsTestsOnSqlite() : CommittedEventsTests(DatabaseProvider.Sqlite);

public sealed class CommittedEventsTestsOnPostgreSql() : CommittedEventsTests(DatabaseProvider.PostgreSql);
