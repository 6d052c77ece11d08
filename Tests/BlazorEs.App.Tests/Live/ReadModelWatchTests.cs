using System.Collections.Concurrent;
using BlazorEs.App.Live;
using BlazorEs.App.Tests.Support;

namespace BlazorEs.App.Tests.Live;

public sealed class ReadModelWatchTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task ABurstOfMessages_IsHandedOverOnceWithEveryChangedKey()
    {
        var feed = new TestLiveFeed();
        var batches = new ConcurrentQueue<IReadOnlyDictionary<string, ChangedRows>>();
        using var watch = new ReadModelWatch(feed, ["StockLevels"], b => { batches.Enqueue(b); return Task.CompletedTask; }, Debounce);

        await feed.ChangedAsync("StockLevels", "A");
        await feed.ChangedAsync("StockLevels", "B", "C");
        await feed.ChangedAsync("StockLevels", "A");

        var batch = await SingleBatchAsync(batches);
        Assert.Equal(["A", "B", "C"], batch["StockLevels"].Keys.Order());
        Assert.False(batch["StockLevels"].All);
    }

    [Fact]
    public async Task ProjectionsItDoesNotWatch_AreIgnored()
    {
        var feed = new TestLiveFeed();
        var batches = new ConcurrentQueue<IReadOnlyDictionary<string, ChangedRows>>();
        using var watch = new ReadModelWatch(feed, ["StockLevels"], b => { batches.Enqueue(b); return Task.CompletedTask; }, Debounce);

        await feed.ChangedAsync("OrderSummaries", "ORD-1");
        await Task.Delay(Debounce * 4);

        Assert.Empty(batches);
    }

    [Fact]
    public async Task AResyncAfterAReconnect_ReloadsEveryWatchedProjection()
    {
        var feed = new TestLiveFeed();
        var batches = new ConcurrentQueue<IReadOnlyDictionary<string, ChangedRows>>();
        using var watch = new ReadModelWatch(feed, ["StockLevels", "LowStockAlerts"], b => { batches.Enqueue(b); return Task.CompletedTask; }, Debounce);

        await feed.ChangedAsync("StockLevels", "A");
        await feed.PushAsync(new ReadModelChange(ReadModelWatch.Everything, [], true, 9));

        var batch = await SingleBatchAsync(batches);
        Assert.True(batch["StockLevels"].All);
        Assert.True(batch["LowStockAlerts"].All);
        Assert.True(batch["StockLevels"].Touches("anything"));
    }

    [Fact]
    public async Task AfterDispose_NothingIsHandedOver()
    {
        var feed = new TestLiveFeed();
        var batches = new ConcurrentQueue<IReadOnlyDictionary<string, ChangedRows>>();
        var watch = new ReadModelWatch(feed, ["StockLevels"], b => { batches.Enqueue(b); return Task.CompletedTask; }, Debounce);

        await feed.ChangedAsync("StockLevels", "A");
        watch.Dispose();
        await feed.ChangedAsync("StockLevels", "B");
        await Task.Delay(Debounce * 4);

        Assert.Empty(batches);
    }

    private static async Task<IReadOnlyDictionary<string, ChangedRows>> SingleBatchAsync(ConcurrentQueue<IReadOnlyDictionary<string, ChangedRows>> batches)
    {
        for (var i = 0; i < 100 && batches.IsEmpty; i++) await Task.Delay(10);
        await Task.Delay(Debounce * 3); // Anything that would come late comes now.
        return Assert.Single(batches);
    }
}
