using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.EventStore;

/// <summary>
/// Physics 5 with several writers on one database, as several app instances are: each has its own group-committing
/// writer and connection, and positions are still assigned without gaps or duplicates and become visible in order
/// (the append lock held until commit: SQLite's write lock, PostgreSQL's advisory lock, SQL Server's app lock).
/// </summary>
public abstract class SeveralWritersTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task TwoWritersOfTheirOwnNeverLetATailingReaderSeeAPositionAppearBelowOneItHasSeen()
    {
        await using var store = await CreateStoreAsync();
        await using var other = new EventStoreWriter(store.FactoryWith(), store.Types, NullLogger<EventStoreWriter>.Instance);
        EventStoreWriter[] writers = [store.Writer, other];
        const int clients = 6, commitsPerClient = 40;
        var writing = Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < commitsPerClient; i++)
            {
                var events = Enumerable.Range(0, 1 + i % 3).Select(k => (object)new StockReceived($"C{c}", 1 + k, $"PO-{i}")).ToArray();
                // Two streams per commit, one shared by every client: expected versions are checked across both writers.
                await writers[(c + i) % 2].AppendAsync(new AppendRequest(
                    [new StreamAppend($"product-C{c}", ExpectedVersion.Any, events), new StreamAppend("product-shared", ExpectedVersion.Any, [events[0]])],
                    TestHost.Metadata()));
            }
        })));

        var seen = new List<long>();
        long checkpoint = 0;
        var violations = 0;
        while (!writing.IsCompleted || checkpoint < await store.Reader.HeadPositionAsync())
        {
            var recheck = await store.Reader.ReadAllAsync(0, int.MaxValue, checkpoint);
            if (recheck.Count != seen.Count) violations++;
            foreach (var e in await store.Reader.ReadAllAsync(checkpoint, 50))
            {
                if (e.Position != checkpoint + 1) violations++;
                checkpoint = e.Position;
                seen.Add(e.Position);
            }
        }
        await writing;

        Assert.Equal(0, violations);
        var total = clients * Enumerable.Range(0, commitsPerClient).Sum(i => 2 + i % 3);
        Assert.Equal(Enumerable.Range(1, total).Select(p => (long)p), seen);
        var shared = await store.Reader.ReadStreamAsync("product-shared");
        Assert.Equal(Enumerable.Range(1, clients * commitsPerClient).Select(v => (long)v), shared.Select(e => e.StreamVersion));
    }

    [Fact]
    public async Task AnExpectedVersionIsCheckedAgainstWhatTheOtherWriterCommitted()
    {
        await using var store = await CreateStoreAsync();
        await using var other = new EventStoreWriter(store.FactoryWith(), store.Types, NullLogger<EventStoreWriter>.Instance);
        await other.AppendAsync(new AppendRequest([new StreamAppend("product-A", 0, [new StockReceived("A", 1, "PO")])], TestHost.Metadata()));

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-A", 0, [new StockReceived("A", 2, "PO")])], TestHost.Metadata())));

        Assert.Equal(1, conflict.ActualVersion);
        Assert.Single(await store.Reader.ReadStreamAsync("product-A"));
    }

    [Fact]
    public async Task TheSameCommandSentThroughBothWritersAtOnceCommitsOnceAndTheOtherGetsTheFirstResult()
    {
        await using var store = await CreateStoreAsync();
        await using var other = new EventStoreWriter(store.FactoryWith(), store.Types, NullLogger<EventStoreWriter>.Instance);
        var metadata = TestHost.Metadata("cmd-both-writers");
        AppendRequest Request() => new([new StreamAppend("product-A", ExpectedVersion.Any, [new StockReceived("A", 1, "PO")])], metadata);

        var results = await Task.WhenAll(store.Writer.AppendAsync(Request()), other.AppendAsync(Request()));

        Assert.Single(await store.Reader.ReadStreamAsync("product-A"));
        Assert.Single(results, r => r.Duplicate);
        Assert.Equal(results[0].LastPosition, results[1].LastPosition);
    }
}

public sealed class SeveralWritersTestsOnSqlite() : SeveralWritersTests(DatabaseProvider.Sqlite);

public sealed class SeveralWritersTestsOnPostgreSql() : SeveralWritersTests(DatabaseProvider.PostgreSql);
