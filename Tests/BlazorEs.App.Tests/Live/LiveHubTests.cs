using BlazorEs.Infrastructure.EventStore;
using System.Collections.Concurrent;
using BlazorEs.App.Live;
using BlazorEs.App.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace BlazorEs.App.Tests.Live;

/// <summary>A real SignalR client on the hub of an in-memory server, fed by commands sent through the HTTP API.</summary>
public sealed class LiveHubTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();
    private HttpClient _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = _factory.As();
        await _api.CommandAsync("RegisterProduct", new { sku = "A", name = "A", price = 1 });
        await _api.CommandAsync("RegisterProduct", new { sku = "B", name = "B", price = 2 });
    }

    private HubConnection Connect() =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, LiveMessageNames.HubPath), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    // The hub takes the same bearer token as the API (signed in as an admin called tester).
                    var token = await _factory.TokenAsync();
                    var client = _factory.Server.CreateWebSocketClient();
                    client.ConfigureRequest = r => r.Headers.Authorization = $"Bearer {token}";
                    return await client.ConnectAsync(context.Uri, ct);
                };
            })
            .Build();

    [Fact]
    public async Task ABurstOfCommandsArrivesAsAFewCoalescedMessagesInPositionOrderEachEventOnce()
    {
        await using var hub = Connect();
        var messages = new ConcurrentQueue<IReadOnlyList<RecordedEvent>>();
        hub.On<IReadOnlyList<RecordedEvent>>(LiveMessageNames.EventsAppended, batch => messages.Enqueue(batch));
        await hub.StartAsync();
        var start = await hub.InvokeAsync<long>(nameof(LiveHub.Head));

        await Task.WhenAll(Enumerable.Range(0, 80).Select(i =>
            _api.CommandAsync("ReceiveStock", new { sku = i % 2 == 0 ? "A" : "B", quantity = 1 + i, reference = $"PO-{i}" })));
        await WaitUntilAsync(() => messages.SelectMany(m => m).Count(e => e.Position > start) >= 80);

        // Like every console, drop what is at or below the head it started from (a message may have been on its way).
        var positions = messages.SelectMany(m => m).Select(e => e.Position).Where(p => p > start).ToList();
        Assert.Equal(Enumerable.Range((int)start + 1, 80).Select(p => (long)p), positions);
        Assert.True(messages.Count < 40, $"80 events came in {messages.Count} messages; bursts should be coalesced");
        Assert.All(messages.SelectMany(m => m).Where(e => e.Position > start), e => Assert.Equal("StockReceived", e.Type));
    }

    [Fact]
    public async Task ReadModelChangesNameTheProjectionAndTheChangedRows()
    {
        await using var hub = Connect();
        var changes = new ConcurrentQueue<ReadModelChange>();
        hub.On<IReadOnlyList<ReadModelChange>>(LiveMessageNames.ReadModelsChanged, batch => { foreach (var c in batch) changes.Enqueue(c); });
        await hub.StartAsync();

        var result = await _api.CommandAsync("ReceiveStock", new { sku = "B", quantity = 5, reference = "PO-X" });
        var position = result.GetProperty("lastPosition").GetInt64();
        await WaitUntilAsync(() => changes.Any(c => c.Projection == "StockLevels" && c.Position >= position)
                                   && changes.Any(c => c.Projection == "DashboardFigures" && c.Position >= position));

        var stock = changes.Last(c => c.Projection == "StockLevels");
        Assert.Contains("B", stock.Keys);
        Assert.False(stock.AllChanged);
        Assert.Contains(changes, c => c.Projection == "DashboardFigures");
    }

    [Fact]
    public async Task AnOrderOverTwoProductsNamesBothStockRowsSoAGridCanPatchThem()
    {
        await _api.CommandAsync("ReceiveStock", new { sku = "A", quantity = 10, reference = "PO-A" });
        await _api.CommandAsync("ReceiveStock", new { sku = "B", quantity = 10, reference = "PO-B" });
        await using var hub = Connect();
        var changes = new ConcurrentQueue<ReadModelChange>();
        hub.On<IReadOnlyList<ReadModelChange>>(LiveMessageNames.ReadModelsChanged, batch => { foreach (var c in batch) changes.Enqueue(c); });
        await hub.StartAsync();

        var result = await _api.CommandAsync("PlaceOrder",
            new { orderId = "SO-AB", customer = "Acme", lines = new[] { new { sku = "A", quantity = 1 }, new { sku = "B", quantity = 2 } } });
        var position = result.GetProperty("lastPosition").GetInt64();
        await WaitUntilAsync(() => changes.Any(c => c.Projection == "StockLevels" && c.Position >= position)
                                   && changes.Any(c => c.Projection == "OrderSummaries" && c.Position >= position));

        var stockKeys = changes.Where(c => c.Projection == "StockLevels" && c.Position >= position && !c.AllChanged).SelectMany(c => c.Keys).ToHashSet();
        Assert.Superset(new HashSet<string> { "A", "B" }, stockKeys);
        Assert.Contains(changes, c => c.Projection == "OrderSummaries" && c.Keys.Contains("SO-AB"));
    }

    [Fact]
    public async Task AfterAReconnectTheClientResumesFromItsLastPositionWithoutGapsOrDuplicates()
    {
        // What a client outside the server does (the console's CircuitLiveFeed does the same from the store): drop what was
        // seen, fill a gap from the hub before delivering.
        var seen = new List<long>();
        var gate = new SemaphoreSlim(1, 1);
        HubConnection? current = null;
        async Task DeliverAsync(IReadOnlyList<RecordedEvent> events)
        {
            await gate.WaitAsync();
            try
            {
                var last = seen.Count == 0 ? 0 : seen[^1];
                if (events.Count > 0 && events[0].Position > last + 1 && seen.Count > 0 && current is not null)
                    events = [.. await current.InvokeAsync<IReadOnlyList<RecordedEvent>>(nameof(LiveHub.EventsAfter), last), .. events];
                foreach (var e in events.Where(e => seen.Count == 0 || e.Position > seen[^1])) seen.Add(e.Position);
            }
            finally
            {
                gate.Release();
            }
        }
        int Seen() { gate.Wait(); try { return seen.Count; } finally { gate.Release(); } }

        var first = current = Connect();
        first.On<IReadOnlyList<RecordedEvent>>(LiveMessageNames.EventsAppended, DeliverAsync);
        await first.StartAsync();
        var start = await first.InvokeAsync<long>(nameof(LiveHub.Head));
        for (var i = 0; i < 5; i++) await _api.CommandAsync("ReceiveStock", new { sku = "A", quantity = 1, reference = $"before-{i}" });
        await WaitUntilAsync(() => Seen() >= 5);
        await first.DisposeAsync(); // the connection drops

        for (var i = 0; i < 7; i++) await _api.CommandAsync("ReceiveStock", new { sku = "B", quantity = 1, reference = $"while-away-{i}" });

        await using var second = current = Connect();
        second.On<IReadOnlyList<RecordedEvent>>(LiveMessageNames.EventsAppended, DeliverAsync);
        await second.StartAsync();
        // Resynchronise: ask for everything after the last position seen.
        await gate.WaitAsync();
        var resync = await second.InvokeAsync<IReadOnlyList<RecordedEvent>>(nameof(LiveHub.EventsAfter), seen[^1]);
        gate.Release();
        await DeliverAsync(resync);
        for (var i = 0; i < 3; i++) await _api.CommandAsync("ReceiveStock", new { sku = "A", quantity = 1, reference = $"after-{i}" });
        await WaitUntilAsync(() => Seen() > 0 && seen[^1] >= start + 15, () => $"start {start}, seen {string.Join(",", seen)}");

        // Contiguous and each once (a message sent just before the first connect may add positions before start).
        Assert.Equal(Enumerable.Range((int)seen[0], seen.Count).Select(p => (long)p), seen);
        Assert.True(seen[0] <= start + 1);
        Assert.Equal(start + 15, seen[^1]);
    }

    [Fact]
    public async Task ANegativeResyncPositionIsRefusedWithAMessage()
    {
        await using var hub = Connect();
        await hub.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<IReadOnlyList<RecordedEvent>>(nameof(LiveHub.EventsAfter), -5L));

        Assert.Contains("position must be 0 or more", error.Message);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The live message did not arrive within 20 s ({describe?.Invoke()}).");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _factory.DisposeAsync();
    }
}
