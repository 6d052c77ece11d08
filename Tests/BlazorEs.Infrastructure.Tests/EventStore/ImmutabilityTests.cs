using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.EventStore;

public abstract class ImmutabilityTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task TheDatabaseRefusesToUpdateAnEvent()
    {
        await using var store = await CreateStoreAsync();
        await store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-A", 0, [new StockReceived("A", 5, "PO")])], TestHost.Metadata()));

        var error = await Assert.ThrowsAnyAsync<DbException>(() => store.ExecuteRawAsync("UPDATE Events SET Data = '{}'"));

        Assert.Contains("immutable", error.Message);
        var e = Assert.Single(await store.Reader.ReadStreamAsync("product-A"));
        Assert.Equal(new StockReceived("A", 5, "PO"), e.Data);
    }

    [Fact]
    public async Task TheDatabaseRefusesToDeleteAnEvent()
    {
        await using var store = await CreateStoreAsync();
        await store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-A", 0, [new StockReceived("A", 5, "PO")])], TestHost.Metadata()));

        var error = await Assert.ThrowsAnyAsync<DbException>(() => store.ExecuteRawAsync("DELETE FROM Events"));

        Assert.Contains("immutable", error.Message);
        Assert.Equal(1, await store.CountEventsAsync());
    }
}

public sealed class ImmutabilityTestsOnSqlite() : ImmutabilityTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task TheStoreRunsInWalModeWithFullSynchronousCommits()
    {
        await using var store = await CreateStoreAsync();
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

public sealed class ImmutabilityTestsOnPostgreSql() : ImmutabilityTests(DatabaseProvider.PostgreSql)
{
    [Fact]
    public async Task TheDatabaseRefusesToTruncateTheEvents()
    {
        await using var store = await CreateStoreAsync();
        await store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-A", 0, [new StockReceived("A", 5, "PO")])], TestHost.Metadata()));

        var error = await Assert.ThrowsAnyAsync<DbException>(() => store.ExecuteRawAsync("TRUNCATE Events"));

        Assert.Contains("immutable", error.Message);
        Assert.Equal(1, await store.CountEventsAsync());
    }

    [Fact]
    public async Task AUniqueViolationIsRecognisedBySqlState()
    {
        await using var store = await CreateStoreAsync();
        await store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-A", 0, [new StockReceived("A", 5, "PO")])], TestHost.Metadata()));

        // A second event at version 1 of the same stream: the (StreamId, StreamVersion) index refuses it.
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => store.ExecuteRawAsync(
            "INSERT INTO Events SELECT Position + 1, 'other-id', StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, "
            + "UserId, CommandName, CommandId, CorrelationId, CausationId FROM Events"));

        Assert.True(PostgreSqlSql.IsUniqueViolation(error.SqlState));
        Assert.False(PostgreSqlSql.IsUniqueViolation("40P01")); // a deadlock is not one
    }
}
