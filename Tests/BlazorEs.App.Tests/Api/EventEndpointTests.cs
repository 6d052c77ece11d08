using System.Globalization;
using System.Net;
using System.Text.Json;
using BlazorEs.App.Tests.Support;

namespace BlazorEs.App.Tests.Api;

public sealed class EventEndpointTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = api.As();
    private JsonElement _registered;
    private JsonElement _placed;

    private static readonly SemaphoreSlim Once = new(1, 1);

    // One small history for every test of this class: a product received by carol, an order placed by alice.
    public async ValueTask InitializeAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (await api.CountEventsAsync() == 0)
            {
                await api.As("dave").CommandAsync("RegisterProduct", new { sku = "EV-1", name = "Safety goggles", price = 5.90m });
                await api.As("carol").CommandAsync("ReceiveStock", new { sku = "EV-1", quantity = 20, reference = "PO-7" });
                using var response = await api.As("alice").SendCommandAsync(
                    "PlaceOrder", new { orderId = "SO-EV", customer = "Acme", lines = new[] { new { sku = "EV-1", quantity = 2 } } },
                    correlationId: "conversation-42");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            var events = (await _client.GetJsonAsync("/api/events?limit=10")).GetProperty("events");
            _registered = events[0];
            _placed = events[events.GetArrayLength() - 1];
        }
        finally
        {
            Once.Release();
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<IReadOnlyList<JsonElement>> EventsAsync(string query) =>
        [.. (await _client.GetJsonAsync($"/api/events?{query}")).GetProperty("events").EnumerateArray()];

    private static IEnumerable<long> Positions(IEnumerable<JsonElement> events) => events.Select(e => e.GetProperty("position").GetInt64());

    [Fact]
    public async Task AStreamIsReadWithItsVersionAndEveryEventsFullMetadata()
    {
        var stream = await _client.GetJsonAsync("/api/streams/order-SO-EV");

        Assert.Equal("order-SO-EV", stream.GetProperty("streamId").GetString());
        Assert.Equal(1, stream.GetProperty("version").GetInt64());
        var e = Assert.Single(stream.GetProperty("events").EnumerateArray());
        Assert.Equal("OrderPlaced", e.GetProperty("type").GetString());
        Assert.Equal(1, e.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(1, e.GetProperty("streamVersion").GetInt64());
        Assert.True(Guid.TryParse(e.GetProperty("eventId").GetString(), out _));
        Assert.True(e.GetProperty("position").GetInt64() > 0);
        Assert.EndsWith("Z", e.GetProperty("recordedAt").GetString(), StringComparison.Ordinal);
        var metadata = e.GetProperty("metadata");
        Assert.Equal("alice", metadata.GetProperty("userId").GetString());
        Assert.Equal("PlaceOrder", metadata.GetProperty("commandName").GetString());
        Assert.Equal("conversation-42", metadata.GetProperty("correlationId").GetString());
        Assert.Equal(metadata.GetProperty("commandId").GetString(), metadata.GetProperty("causationId").GetString());
        Assert.Equal("SO-EV", e.GetProperty("data").GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task AnUnknownStreamIsNotFound()
    {
        using var response = await _client.GetAsync("/api/streams/order-NOPE");

        await response.AssertProblemAsync(404);
    }

    [Fact]
    public async Task EventsAreFilteredByType()
    {
        var events = await EventsAsync("type=StockReserved");

        var reserved = Assert.Single(events);
        Assert.Equal("product-EV-1", reserved.GetProperty("streamId").GetString());
    }

    [Fact]
    public async Task EventsAreFilteredByStream()
    {
        var events = await EventsAsync("stream=product-EV-1");

        Assert.Equal(["ProductRegistered", "StockReceived", "StockReserved"], events.Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task EventsAreFilteredByTheUserFromTheXUserHeader()
    {
        var events = await EventsAsync("user=carol");

        var received = Assert.Single(events);
        Assert.Equal("StockReceived", received.GetProperty("type").GetString());
        Assert.Equal("carol", received.GetProperty("metadata").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task EventsAreFilteredByCorrelationId()
    {
        var events = await EventsAsync("correlationId=conversation-42");

        Assert.Equal(["StockReserved", "OrderPlaced"], events.Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task EventsAreFilteredByTime()
    {
        var at = _placed.GetProperty("recordedAt").GetDateTime().ToUniversalTime();
        var stamp = Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));

        var fromPlaced = await EventsAsync($"from={stamp}");
        var untilPlaced = await EventsAsync($"to={stamp}");
        var beforeAll = await EventsAsync($"to={Uri.EscapeDataString(at.AddYears(-1).ToString("O", CultureInfo.InvariantCulture))}");

        Assert.Contains(_placed.GetProperty("position").GetInt64(), Positions(fromPlaced));
        Assert.DoesNotContain(_registered.GetProperty("position").GetInt64(), Positions(fromPlaced));
        Assert.Equal(4, untilPlaced.Count);
        Assert.Empty(beforeAll);
    }

    [Fact]
    public async Task EventsArePagedWithAfterAndLimit()
    {
        var first = await _client.GetJsonAsync("/api/events?limit=3");
        var next = first.GetProperty("next").GetInt64();
        var second = await _client.GetJsonAsync($"/api/events?after={next}&limit=3");

        Assert.Equal([1L, 2L, 3L], Positions(first.GetProperty("events").EnumerateArray()));
        Assert.Equal(3, next);
        Assert.Equal([4L], Positions(second.GetProperty("events").EnumerateArray()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task FiltersCombine()
    {
        var events = await EventsAsync("type=OrderPlaced&stream=order-SO-EV&user=alice&correlationId=conversation-42&after=0&limit=5");

        Assert.Equal(_placed.GetProperty("eventId").GetString(), Assert.Single(events).GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task TheHealthEndpointSaysHealthy()
    {
        using var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }
}
