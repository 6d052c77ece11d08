using Microsoft.EntityFrameworkCore;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Data.Sqlite;

namespace BlazorEs.Infrastructure.Tests.EventStore;

public sealed class ImmutabilityTests
{
    [Fact]
    public async Task TheDatabaseRefusesToUpdateAnEvent()
    {
        await using var store = await TestHost.CreateStoreAsync();
        await store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-A", 0, [new StockReceived("A", 5, "PO")])], TestHost.Metadata()));

        var error = await Assert.ThrowsAsync<SqliteException>(() => store.ExecuteRawAsync("UPDATE Events SET Data = '{}'"));

        Assert.Contains("immutable", error.Message);
        var e = Assert.Single(await store.Reader.ReadStreamAsync("product-A"));
        Assert.Equal(new StockReceived("A", 5, "PO"), e.Data);
    }

    [Fact]
    public async Task TheDatabaseRefusesToDeleteAnEvent()
    {
        await using var store = await TestHost.CreateStoreAsync();
        await store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-A", 0, [new StockReceived("A", 5, "PO")])], TestHost.Metadata()));

        var error = await Assert.ThrowsAsync<SqliteException>(() => store.ExecuteRawAsync("DELETE FROM Events"));

        Assert.Contains("immutable", error.Message);
        Assert.Equal(1, await store.CountEventsAsync());
    }

    [Fact]
    public async Task TheStoreRunsInWalModeWithFullSynchronousCommits()
    {
        await using var store = await TestHost.CreateStoreAsync();
        await using var db = store.Factory.CreateContext();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        await using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await mode.ExecuteScalarAsync());
        await using var sync = connection.CreateCommand();
        sync.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L, (long?)await sync.ExecuteScalarAsync()); // 2 = FULL
    }
}
