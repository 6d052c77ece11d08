using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Projections.CatchUp;

/// <summary>Rows a projection removes leave the live table, within a batch and across batches, and may come back.</summary>
public abstract class RowRemovalTests(DatabaseProvider provider) : BothProviders(provider)
{
    /// <summary>The products on the shelf: a row from registration until discontinued.</summary>
    private sealed class ShelfProjection : Projection<StockLevel>
    {
        public override string Name => "Shelf";

        public override string Table => "StockLevels";

        public override void Apply(StoredEvent e, IRowStore<StockLevel> rows)
        {
            switch (e.Data)
            {
                case ProductRegistered x:
                    rows.Put(new StockLevel { Sku = x.Sku, Name = x.Name, Price = x.Price, Position = e.Position });
                    break;
                case ProductDiscontinued x:
                    rows.Remove(x.Sku);
                    break;
            }
        }
    }

    private static async Task AppendAsync(TestHost store, params object[] events)
    {
        foreach (var e in events)
        {
            var sku = e is ProductRegistered r ? r.Sku : ((ProductDiscontinued)e).Sku;
            await store.Writer.AppendAsync(new AppendRequest([new StreamAppend(StreamIds.Product(sku), ExpectedVersion.Any, [e])], TestHost.Metadata()));
        }
    }

    [Fact]
    public async Task RowsRemovedWithinABatchOrAcrossBatchesLeaveTheTableAndRowsPutBackReturn()
    {
        await using var store = await CreateStoreAsync();
        await AppendAsync(store,
            new ProductRegistered("A", "Anvil", 1m), new ProductRegistered("B", "Bucket", 1m), new ProductRegistered("C", "Chain", 1m),
            new ProductDiscontinued("B"), new ProductRegistered("D", "Drum", 1m), new ProductDiscontinued("D"),
            new ProductRegistered("B", "Bucket again", 2m), new ProductDiscontinued("A"));
        var runner = store.Catalog([new ShelfProjection()], TestHostReadSide.Options(batchSize: 3))["Shelf"];

        await runner.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        var rows = (await store.RowsAsync<StockLevel>("StockLevels")).OrderBy(r => r.Sku).ToList();
        Assert.Equal([("B", "Bucket again", 7L), ("C", "Chain", 3L)], rows.Select(r => (r.Sku, r.Name, r.Position)));
        Assert.Empty(await runner.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));

        await AppendAsync(store, new ProductRegistered("A", "Anvil again", 3m), new ProductDiscontinued("C"));
        var restarted = store.Catalog([new ShelfProjection()], TestHostReadSide.Options(batchSize: 3))["Shelf"];
        await restarted.Live.CatchUpAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["A", "B"], (await store.RowsAsync<StockLevel>("StockLevels")).Select(r => r.Sku).Order());
        Assert.Empty(await restarted.Rebuild.VerifyAsync(TestContext.Current.CancellationToken));
    }
}

public sealed class RowRemovalTestsOnSqlite() : RowRemovalTests(DatabaseProvider.Sqlite);

public sealed class RowRemovalTestsOnPostgreSql() : RowRemovalTests(DatabaseProvider.PostgreSql);
