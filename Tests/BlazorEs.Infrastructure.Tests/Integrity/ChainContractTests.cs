using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.Integrity;

/// <summary>
/// The chain's contract on each provider: the writer chains across concurrent group commits, the database refuses edits
/// and lets each hash be set once, the verifier names an edit, a gap and a missing trigger, and a store from before the
/// chain is chained at start-up. The SQLite-only tampering catalogue is <see cref="TamperTests"/>.
/// </summary>
public abstract class ChainContractTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task ConcurrentWritersChainOnAndTheWholeHistoryVerifies()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 0, Provider);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
                await chained.Store.Writer.AppendAsync(new AppendRequest(
                    [new StreamAppend($"product-W{w}", ExpectedVersion.Any, [new StockReceived($"W{w}", 1, "r"), new StockReceived($"W{w}", 2, "r")])],
                    TestHost.Metadata()));
        })));

        var outcome = await chained.VerifyAsync();

        Assert.Empty(outcome.Breaks);
        Assert.Equal(300 + 3, outcome.Checked); // the store starts with one command of three events
    }

    [Fact]
    public async Task ASignedCheckpointVerifiesAfterTheDatabaseStoredIt()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 3, Provider);
        await chained.Monitor.VerifyNowAsync(CancellationToken.None); // signs the head

        var outcome = await chained.VerifyAsync();

        Assert.Empty(outcome.Breaks);
        Assert.Equal(6, outcome.LastCheckpoint?.Position);
    }

    [Fact]
    public async Task TheDatabaseRefusesAnEditAndASecondHash()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 3, Provider);

        var edit = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => chained.Store.ExecuteRawAsync("UPDATE Events SET Data = '{}' WHERE Position = 2"));
        var rehash = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => chained.Store.ExecuteRawAsync("UPDATE Events SET Hash = PreviousHash WHERE Position = 2"));
        var delete = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => chained.Store.ExecuteRawAsync("DELETE FROM Events WHERE Position = 2"));

        Assert.All([edit, rehash, delete], e => Assert.Contains("immutable", e.Message));
    }

    [Fact]
    public async Task AnEditAroundTheTriggersIsNamedAtItsPosition()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 12, Provider);

        await chained.TamperAsync("UPDATE Events SET UserId = 'mallory' WHERE Position = 7");

        var first = (await chained.VerifyAsync()).Breaks.First(b => b.Kind != BreakKind.CommandAltered);
        Assert.Equal((7, BreakKind.Edited), (first.Position, first.Kind));
        Assert.Equal("mallory", first.Stored?.UserId);
    }

    [Fact]
    public async Task ADeletedRowIsAGap()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 12, Provider);

        await chained.TamperAsync("DELETE FROM Events WHERE Position = 5");

        var first = (await chained.VerifyAsync()).Breaks[0];
        Assert.Equal((5, BreakKind.Deleted), (first.Position, first.Kind));
    }

    [Fact]
    public async Task AMissingTriggerIsNamed()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 3, Provider);

        await chained.Store.ExecuteRawAsync(OnPostgreSql ? "DROP TRIGGER events_no_delete ON events" : "DROP TRIGGER Events_NoDelete");

        var found = Assert.Single((await chained.VerifyAsync()).Breaks);
        Assert.Equal(BreakKind.TriggerMissing, found.Kind);
        Assert.Contains(OnPostgreSql ? "events_no_delete" : "Events_NoDelete", found.Reason);
    }

    [Fact]
    public async Task AStoreFromBeforeTheChainIsChainedAtStartUpAndTheWriterGoesOnFromIt()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 5, Provider);
        await chained.TamperAsync("UPDATE Events SET Hash = NULL, PreviousHash = NULL");

        await new DatabaseMigrator(chained.Store.Factory, new DatabaseOptions(), NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        await chained.Store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-N", 0, [new StockReceived("N", 1, "n")])], TestHost.Metadata()));

        var outcome = await chained.VerifyAsync();
        Assert.Empty(outcome.Breaks);
        Assert.Equal(9, outcome.Checked);
    }
}

public sealed class ChainContractTestsOnSqlite() : ChainContractTests(DatabaseProvider.Sqlite);

public sealed class ChainContractTestsOnPostgreSql() : ChainContractTests(DatabaseProvider.PostgreSql);
