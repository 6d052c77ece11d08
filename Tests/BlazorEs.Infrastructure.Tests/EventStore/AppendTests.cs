using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.EventStore;

public abstract class AppendTests(DatabaseProvider provider) : BothProviders(provider)
{
    private static StreamAppend Received(string sku, long expected, int quantity = 1) =>
        new($"product-{sku}", expected, [new StockReceived(sku, quantity, "PO-1")]);

    [Fact]
    public async Task AppendingToNewStreamsAssignsVersionsAndPositionsInOrder()
    {
        await using var store = await CreateStoreAsync();

        var first = await store.Writer.AppendAsync(new AppendRequest([Received("A", 0), Received("B", 0)], TestHost.Metadata()));
        var second = await store.Writer.AppendAsync(new AppendRequest([Received("A", 1)], TestHost.Metadata()));

        Assert.Equal(2, first.LastPosition);
        Assert.Equal([new StreamVersion("product-A", 1), new StreamVersion("product-B", 1)], first.Streams);
        Assert.Equal(3, second.LastPosition);
        var stream = await store.Reader.ReadStreamAsync("product-A");
        Assert.Equal([1L, 2L], stream.Select(e => e.StreamVersion));
        Assert.Equal([1L, 3L], stream.Select(e => e.Position));
        Assert.IsType<StockReceived>(stream[0].Data);
    }

    [Fact]
    public async Task EveryEventCarriesItsFullMetadata()
    {
        await using var store = await CreateStoreAsync();
        var metadata = new EventMetadata("alice", "ReceiveStock", "cmd-1", "corr-1", "cause-1");
        var at = new DateTime(2026, 11, 20, 14, 2, 0, DateTimeKind.Utc);

        await store.Writer.AppendAsync(new AppendRequest([Received("A", 0)], metadata, at));

        var e = Assert.Single(await store.Reader.ReadStreamAsync("product-A"));
        Assert.Equal(metadata, e.Metadata);
        Assert.Equal(at, e.RecordedAt);
        Assert.Equal(DateTimeKind.Utc, e.RecordedAt.Kind);
        Assert.Equal("StockReceived", e.Type);
        Assert.Equal(1, e.SchemaVersion);
        Assert.True(Guid.TryParse(e.EventId, out _));
    }

    [Fact]
    public async Task AWrongExpectedVersionIsAConflictAndWritesNothing()
    {
        await using var store = await CreateStoreAsync();
        await store.Writer.AppendAsync(new AppendRequest([Received("A", 0)], TestHost.Metadata()));

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.Writer.AppendAsync(new AppendRequest([Received("A", 0)], TestHost.Metadata())));

        Assert.Equal("product-A", conflict.StreamId);
        Assert.Equal(1, conflict.ActualVersion);
        Assert.Equal(1, await store.CountEventsAsync());
    }

    [Fact]
    public async Task AFailedMultiStreamCommitWritesNothingOnAnyStream()
    {
        await using var store = await CreateStoreAsync();
        await store.Writer.AppendAsync(new AppendRequest([Received("B", 0)], TestHost.Metadata()));

        // A is new and fine, B is stale: the whole command must fail, A included.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.Writer.AppendAsync(new AppendRequest([Received("A", 0), Received("B", 0)], TestHost.Metadata())));

        Assert.Empty(await store.Reader.ReadStreamAsync("product-A"));
        Assert.Equal(1, await store.CountEventsAsync());
    }

    [Fact]
    public async Task ARetriedCommandIdWritesNothingAndReturnsTheFirstResult()
    {
        await using var store = await CreateStoreAsync();
        var metadata = TestHost.Metadata("cmd-42");

        var first = await store.Writer.AppendAsync(new AppendRequest([Received("A", 0)], metadata));
        var retry = await store.Writer.AppendAsync(new AppendRequest([Received("A", 0)], metadata));

        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal(first.LastPosition, retry.LastPosition);
        Assert.Equal(first.Streams, retry.Streams);
        Assert.Equal(1, await store.CountEventsAsync());
    }

    [Fact]
    public async Task ConcurrentRetriesOfOneCommandIdWriteOnce()
    {
        await using var store = await CreateStoreAsync();
        var metadata = TestHost.Metadata("cmd-same");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            store.Writer.AppendAsync(new AppendRequest([Received("A", ExpectedVersion.Any)], metadata))));

        Assert.Equal(1, await store.CountEventsAsync());
        Assert.Single(results, r => !r.Duplicate);
        Assert.All(results, r => Assert.Equal(1, r.LastPosition));
    }

    [Fact]
    public async Task ConcurrentAppendersOnOneStreamGetExactlyOneWinnerPerVersion()
    {
        await using var store = await CreateStoreAsync();
        var wins = 0;
        var conflicts = 0;

        // 8 writers race through versions 0..49, each always expecting the version it last saw.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var seen = (await store.Reader.ReadStreamAsync("product-A")).Count;
                if (seen >= 50) return;
                try
                {
                    await store.Writer.AppendAsync(new AppendRequest([Received("A", seen)], TestHost.Metadata()));
                    Interlocked.Increment(ref wins);
                }
                catch (ConcurrencyConflictException)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        }));

        var versions = (await store.Reader.ReadStreamAsync("product-A")).Select(e => e.StreamVersion).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
        Assert.Equal(wins, versions.Count);
        Assert.True(versions.Count >= 50);
        Assert.True(conflicts > 0, "the racing writers should have collided at least once");
    }

    [Fact]
    public async Task AnAppendWithNoEventsIsRefused()
    {
        await using var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-A", 0, [])], TestHost.Metadata())));
        Assert.Equal(0, await store.CountEventsAsync());
    }
}

public sealed class AppendTestsOnSqlite() : AppendTests(DatabaseProvider.Sqlite);

public sealed class AppendTestsOnPostgreSql() : AppendTests(DatabaseProvider.PostgreSql);
