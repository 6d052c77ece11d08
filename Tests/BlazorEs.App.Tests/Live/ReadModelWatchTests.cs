using System.Collections.Concurrent;
using BlazorEs.App.Live;
using BlazorEs.App.Tests.Support;

namespace BlazorEs.App.Tests.Live;

public sealed class ReadModelWatchTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200); // Long enough that a burst sent in one go lands inside one window, even on a busy machine.

    [Fact]
    public async Task AChangeAfterAQuietWindow_IsHandedOverAtOnce()
    {
        var feed = new TestLiveFeed();
        var batches = new ConcurrentQueue<IReadOnlyDictionary<string, ChangedRows>>();
        using var watch = new ReadModelWatch(feed, ["StockLevels"], b => { batches.Enqueue(b); return Task.CompletedTask; }, TimeSpan.FromMinutes(5));

        await feed.ChangedAsync("StockLevels", "A");

        // A window of five minutes: only a hand-over that did not wait for it can be here already.
        var batch = Assert.Single(batches);
        Assert.Equal(["A"], batch["StockLevels"].Keys);
    }

    [Fact]
    public async Task ABurstAfterTheFirstChange_IsHandedOverOnceAtTheEndOfTheWindowWithEveryChangedKey()
    {
        var feed = new TestLiveFeed();
        var batches = new ConcurrentQueue<IReadOnlyDictionary<string, ChangedRows>>();
        using var watch = new ReadModelWatch(feed, ["StockLevels"], b => { batches.Enqueue(b); return Task.CompletedTask; }, Debounce);

        await feed.ChangedAsync("StockLevels", "A");
        await feed.ChangedAsync("StockLevels", "B", "C");
        await feed.ChangedAsync("StockLevels", "A");
        await feed.ChangedAsync("StockLevels", "D");

        var handed = await BatchesAsync(batches, 2);
        Assert.Equal(["A"], handed[0]["StockLevels"].Keys);
        Assert.Equal(["A", "B", "C", "D"], handed[1]["StockLevels"].Keys.Order());
        Assert.False(handed[1]["StockLevels"].All);
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

        var batch = (await BatchesAsync(batches, 2))[1];
        Assert.True(batch["StockLevels"].All);
        Assert.True(batch["LowStockAlerts"].All);
        Assert.True(batch["StockLevels"].Touches("anything"));
    }

    [Fact]
    public async Task AfterDispose_NothingMoreIsHandedOver()
    {
        var feed = new TestLiveFeed();
        var batches = new ConcurrentQueue<IReadOnlyDictionary<string, ChangedRows>>();
        var watch = new ReadModelWatch(feed, ["StockLevels"], b => { batches.Enqueue(b); return Task.CompletedTask; }, Debounce);

        await feed.ChangedAsync("StockLevels", "A");
        await feed.ChangedAsync("StockLevels", "B"); // Waits for the end of the window...
        watch.Dispose(); // ...which never comes.
        await feed.ChangedAsync("StockLevels", "C");
        await Task.Delay(Debounce * 4);

        var batch = Assert.Single(batches);
        Assert.Equal(["A"], batch["StockLevels"].Keys);
    }

    private static async Task<IReadOnlyDictionary<string, ChangedRows>[]> BatchesAsync(ConcurrentQueue<IReadOnlyDictionary<string, ChangedRows>> batches, int count)
    {
        for (var i = 0; i < 100 && batches.Count < count; i++) await Task.Delay(10);
        await Task.Delay(Debounce * 3); // Anything that would come late comes now.
        Assert.Equal(count, batches.Count);
        return batches.ToArray();
    }
}
