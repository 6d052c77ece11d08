using System.Collections.Concurrent;
using BlazorEs.App.Components.Layout;
using BlazorEs.App.Live;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.App.Tests.Live;

/// <summary>The in-process live feed the console's circuits subscribe to, on the real store and the real broadcaster.</summary>
public sealed class LiveFeedTests
{
    [Fact]
    public async Task ACircuitGetsEveryCommittedEventOnceInPositionOrderCoalescedAndTheChangedRowsWithoutAnyConnection()
    {
        await using var factory = new ApiFactory();
        using var api = factory.As();
        await api.CommandAsync("RegisterProduct", new { sku = "A", name = "A", price = 1 });
        await api.CommandAsync("RegisterProduct", new { sku = "B", name = "B", price = 2 });
        var feed = factory.Services.GetRequiredService<LiveFeed>();
        var messages = new ConcurrentQueue<IReadOnlyList<RecordedEvent>>();
        var changes = new ConcurrentQueue<ReadModelChange>();
        var circuit = factory.Services.CreateScope();
        var live = circuit.ServiceProvider.GetRequiredService<ILiveFeed>();
        live.EventsAppended += batch => { messages.Enqueue(batch); return Task.CompletedTask; };
        live.ReadModelsChanged += batch => { foreach (var c in batch) changes.Enqueue(c); return Task.CompletedTask; };
        await live.StartAsync();
        var start = live.LastPosition;
        Assert.Equal(LiveConnectionState.Live, live.State);
        Assert.Equal(1, feed.SubscriptionCount);

        await Task.WhenAll(Enumerable.Range(0, 80).Select(i =>
            api.CommandAsync("ReceiveStock", new { sku = i % 2 == 0 ? "A" : "B", quantity = 1 + i, reference = $"PO-{i}" })));
        await WaitUntilAsync(() => messages.SelectMany(m => m).Count(e => e.Type == "StockReceived") >= 80 && changes.Any(c => c.Projection == StockLevelsProjection.ProjectionName && c.Position >= start + 80));

        // Everything after where the subscription started, each once and in order (a registration committed just before
        // it started may still have been on its way: it counts as new).
        var head = await factory.Services.GetRequiredService<EventReader>().HeadPositionAsync();
        Assert.Equal(Enumerable.Range((int)start + 1, (int)(head - start)).Select(p => (long)p), messages.SelectMany(m => m).Select(e => e.Position));
        Assert.True(messages.Count < 40, $"80 events came in {messages.Count} messages; bursts should be coalesced");
        Assert.Superset(new HashSet<string> { "A", "B" }, changes.Where(c => c.Projection == StockLevelsProjection.ProjectionName).SelectMany(c => c.Keys).ToHashSet());
        Assert.Equal(head, live.LastPosition);

        circuit.Dispose(); // The circuit ends with its scope.
        Assert.Equal(0, feed.SubscriptionCount);
    }

    [Fact]
    public async Task AGapIsFilledFromTheStoreInOrderAndWhatWasDeliveredIsNotDeliveredAgain()
    {
        await using var console = await ConsoleContext.StartAsync();
        await console.SendAsync(new RegisterProduct("A", "A", 1m));
        var feed = new LiveFeed(NullLogger<LiveFeed>.Instance);
        var reader = console.Services.GetRequiredService<EventReader>();
        using var circuit = new CircuitLiveFeed(feed, reader, NullLogger<CircuitLiveFeed>.Instance);
        var delivered = new ConcurrentQueue<long>();
        circuit.EventsAppended += batch => { foreach (var e in batch) delivered.Enqueue(e.Position); return Task.CompletedTask; };
        await circuit.StartAsync();
        var start = circuit.LastPosition; // Nothing published yet: the store's head.
        for (var i = 0; i < 5; i++) await console.SendAsync(new ReceiveStock("A", 1, $"PO-{i}"));
        var stored = (await reader.ReadAllAsync(start, 100)).Select(RecordedEvent.From).ToList();
        Assert.Equal(5, stored.Count);

        feed.Publish(stored[3..]); // The first three never came: a gap.
        feed.Publish(stored[2..]); // Overlaps what was delivered.
        feed.Publish(stored[4..]);
        await console.SendAsync(new ReceiveStock("A", 1, "PO-last"));
        feed.Publish((await reader.ReadAllAsync(start + 5, 100)).Select(RecordedEvent.From).ToList());
        await WaitUntilAsync(() => delivered.Count >= 6);

        Assert.Equal(Enumerable.Range((int)start + 1, 6).Select(p => (long)p), delivered);
    }

    [Fact]
    public async Task WhileTheBrowserIsAwayTheCircuitHoldsNoSubscriptionAndOnItsReturnGetsWhatItMissedInOrderThenAReload()
    {
        await using var console = await ConsoleContext.StartAsync();
        await console.SendAsync(new RegisterProduct("A", "A", 1m));
        var feed = new LiveFeed(NullLogger<LiveFeed>.Instance);
        var reader = console.Services.GetRequiredService<EventReader>();
        using var circuit = new CircuitLiveFeed(feed, reader, NullLogger<CircuitLiveFeed>.Instance);
        var handler = new LiveCircuitHandler(circuit);
        var delivered = new ConcurrentQueue<long>();
        var reloads = new ConcurrentQueue<ReadModelChange>();
        var states = new ConcurrentQueue<LiveConnectionState>();
        circuit.EventsAppended += batch => { foreach (var e in batch) delivered.Enqueue(e.Position); return Task.CompletedTask; };
        circuit.ReadModelsChanged += batch => { foreach (var c in batch) reloads.Enqueue(c); return Task.CompletedTask; };
        circuit.StateChanged += state => { states.Enqueue(state); return Task.CompletedTask; };
        await handler.OnConnectionUpAsync(null!, CancellationToken.None); // The circuit's first connection: nothing to catch up.
        await circuit.StartAsync();
        var start = circuit.LastPosition;
        Assert.Equal(1, feed.SubscriptionCount);
        Assert.Empty(reloads);

        await handler.OnConnectionDownAsync(null!, CancellationToken.None);
        Assert.Equal(0, feed.SubscriptionCount);
        Assert.Equal(LiveConnectionState.Reconnecting, circuit.State);
        for (var i = 0; i < 4; i++) await console.SendAsync(new ReceiveStock("A", 1, $"away-{i}"));
        feed.Publish((await reader.ReadAllAsync(start, 100)).Select(RecordedEvent.From).ToList()); // Nobody listens for this circuit.
        await handler.OnConnectionUpAsync(null!, CancellationToken.None);

        Assert.Equal(1, feed.SubscriptionCount);
        Assert.Equal(Enumerable.Range((int)start + 1, 4).Select(p => (long)p), delivered);
        var reload = Assert.Single(reloads);
        Assert.Equal(ReadModelWatch.Everything, reload.Projection);
        Assert.Equal([LiveConnectionState.Live, LiveConnectionState.Reconnecting, LiveConnectionState.Live], states);

        await handler.OnCircuitClosedAsync(null!, CancellationToken.None);
        Assert.Equal(0, feed.SubscriptionCount);
    }

    [Fact]
    public async Task ASlowSubscriberHoldsUpNeitherThePublisherNorTheOthersAndIsToldItOverflowed()
    {
        var feed = new LiveFeed(NullLogger<LiveFeed>.Instance);
        var release = new TaskCompletionSource();
        var slow = new Subscriber(release.Task);
        var fast = new Subscriber(Task.CompletedTask);
        var taken = new SemaphoreSlim(0);
        fast.Taken = () => taken.Release();
        using var slowSubscription = feed.Subscribe(slow);
        using var fastSubscription = feed.Subscribe(fast);
        var messages = LiveFeed.QueueCapacity * 3;

        // Publishing returns though the slow one takes nothing; the next message waits only for the fast one to take this one.
        for (var p = 1; p <= messages; p++)
        {
            feed.Publish([Event(p)]);
            Assert.True(await taken.WaitAsync(TimeSpan.FromSeconds(20)), $"the fast subscriber did not get message {p}");
        }
        Assert.Equal(Enumerable.Range(1, messages).Select(p => (long)p), fast.Positions);
        Assert.True(slow.Positions.Count <= 1, "the slow subscriber is still held in its first message");

        release.SetResult();
        await WaitUntilAsync(() => slow.Positions.LastOrDefault() == messages);
        Assert.Equal(1, slow.Overflows);
        Assert.Equal(0, fast.Overflows);
        Assert.True(slow.Positions.Count <= LiveFeed.QueueCapacity + 1, $"{slow.Positions.Count} delivered: the oldest should have been dropped");
    }

    [Fact]
    public async Task AConsoleRenderedWithTheRealFeedSubscribesOnceAndLeavesNoSubscriptionWhenItsContextIsDisposed()
    {
        await using var console = await ConsoleContext.StartAsync(circuitFeed: true);
        var feed = console.Services.GetRequiredService<LiveFeed>();

        var layout = console.Bunit.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));
        await layout.WaitForAssertionAsync(() => Assert.Equal("Live", layout.Find("[data-testid=connection-state]").TextContent.Trim()));
        Assert.Equal(1, feed.SubscriptionCount);
        await console.DisposeAsync();

        Assert.Equal(0, feed.SubscriptionCount);
    }

    private static RecordedEvent Event(long position) =>
        new(position, $"e-{position}", "product-A", position, "StockReceived", 1, DateTime.UtcNow, "tester", "ReceiveStock", "c", "c", "c", "{}");

    private sealed class Subscriber(Task gate) : ILiveSubscriber
    {
        public ConcurrentQueue<long> Positions { get; } = new();

        public int Overflows;

        public async Task OnEventsAsync(IReadOnlyList<RecordedEvent> events)
        {
            await gate;
            foreach (var e in events) Positions.Enqueue(e.Position);
            Taken?.Invoke();
        }

        public Action? Taken { get; set; }

        public Task OnChangesAsync(IReadOnlyList<ReadModelChange> changes) => Task.CompletedTask;

        public Task OnOverflowedAsync()
        {
            Interlocked.Increment(ref Overflows);
            return Task.CompletedTask;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The live feed did not deliver within 20 s.");
            await Task.Delay(25);
        }
    }
}
