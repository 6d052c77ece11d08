using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.EventStore;

/// <summary>Physics 5: a reader that has seen position P never later finds a new event below P.</summary>
public abstract class OrderedVisibilityTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task ATailingReaderNeverSeesAPositionAppearBelowOneItHasSeen()
    {
        await using var store = await CreateStoreAsync();
        const int writers = 8, commitsPerWriter = 60;
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < commitsPerWriter; i++)
            {
                var events = Enumerable.Range(0, 1 + i % 3).Select(k => (object)new StockReceived($"W{w}", 1 + k, $"PO-{i}")).ToArray();
                await store.Writer.AppendAsync(new AppendRequest([new StreamAppend($"product-W{w}", ExpectedVersion.Any, events)], TestHost.Metadata()));
            }
        })));

        var seen = new List<long>();
        long checkpoint = 0;
        var violations = 0;
        while (!writing.IsCompleted || checkpoint < await store.Reader.HeadPositionAsync())
        {
            // Re-read from 0 now and then: anything new below the checkpoint would be a violation.
            var recheck = await store.Reader.ReadAllAsync(0, int.MaxValue, checkpoint);
            if (recheck.Count != seen.Count) violations++;
            var batch = await store.Reader.ReadAllAsync(checkpoint, 50);
            foreach (var e in batch)
            {
                if (e.Position != checkpoint + 1) violations++;
                checkpoint = e.Position;
                seen.Add(e.Position);
            }
        }
        await writing;

        Assert.Equal(0, violations);
        var total = writers * Enumerable.Range(0, commitsPerWriter).Sum(i => 1 + i % 3);
        Assert.Equal(Enumerable.Range(1, total).Select(p => (long)p), seen);
    }
}

public sealed class OrderedVisibilityTestsOnSqlite() : OrderedVisibilityTests(DatabaseProvider.Sqlite);

public sealed class OrderedVisibilityTestsOnPostgreSql() : OrderedVisibilityTests(DatabaseProvider.PostgreSql);
