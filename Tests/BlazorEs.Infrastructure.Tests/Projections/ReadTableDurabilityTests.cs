using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.Projections;

public sealed class ReadTableDurabilityTests
{
    [Fact]
    public async Task AProjectionCommitWritesRowsAndCheckpointAndHandsBackAFullySynchronousConnection()
    {
        await using var store = await TestHost.CreateStoreAsync();
        await store.Writer.AppendAsync(new AppendRequest(
            [new StreamAppend("product-A", 0, [new ProductRegistered("A", "Anvil", 10m), new StockReceived("A", 5, "PO-1")])], TestHost.Metadata()));
        var catalog = ProjectionCatalog.For(ReadModelProjections.All(new ReadModelOptions()), store.Factory, store.Reader, new ProjectionOptions(), NullLoggerFactory.Instance);
        var stock = catalog[StockLevelsProjection.ProjectionName];

        await stock.Live.CatchUpAsync(CancellationToken.None);

        await using var db = store.Factory.CreateContext();
        var row = await db.Set<StockLevel>("StockLevels").AsNoTracking().SingleAsync();
        var checkpoint = await db.Set<ProjectionCheckpoint>().AsNoTracking().SingleAsync(c => c.Name == StockLevelsProjection.ProjectionName);
        Assert.Equal(5, row.OnHand);
        Assert.Equal(2, checkpoint.Position);
        await db.Database.OpenConnectionAsync();
        var synchronous = await db.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync();
        Assert.Equal(2, synchronous); // FULL: only the projection's own transaction is relaxed
    }

    [Fact]
    public async Task APooledConnectionTakesTheSynchronousLevelOfWhicheverContextOpensIt()
    {
        await using var store = await TestHost.CreateStoreAsync();

        // One after another on one thread, so the pool hands the same physical connection back each time.
        Assert.Equal(1, await SynchronousAsync(store.Factory.CreateReadSideContext()));
        Assert.Equal(2, await SynchronousAsync(store.Factory.CreateContext()));
        Assert.Equal(2, await SynchronousAsync(store.Factory.CreateContext()));
        Assert.Equal(1, await SynchronousAsync(store.Factory.CreateReadSideContext()));
        Assert.Equal(1, await SynchronousAsync(store.Factory.CreateReadSideContext()));
        Assert.Equal(2, await SynchronousAsync(store.Factory.CreateContext()));
    }

    private static async Task<long> SynchronousAsync(BlazorEs.Infrastructure.Persistence.EventStoreDbContext db)
    {
        await using (db)
        {
            await db.Database.OpenConnectionAsync();
            try
            {
                var journal = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
                Assert.Equal("wal", journal);
                return await db.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync();
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
