using System.Text.Json;
using BlazorEs.App.Tests.Support;

namespace BlazorEs.App.Tests.Api;

public sealed class CommandEndpointTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.As();

    private static IReadOnlyList<(string StreamId, long Version)> Streams(JsonElement result) =>
        [.. result.GetProperty("streams").EnumerateArray().Select(s => (s.GetProperty("streamId").GetString()!, s.GetProperty("version").GetInt64()))];

    private async Task<JsonElement> StreamAsync(string streamId) => await _client.GetJsonAsync($"/api/streams/{streamId}");

    [Fact]
    public async Task RegisteringAProductAnswersWithTheCommandIdsItsStreamVersionAndPosition()
    {
        var result = await api.As("alice").CommandAsync("RegisterProduct", new { sku = "REG-1", name = "Hex bolt M8", price = 8.90m });

        var commandId = result.GetProperty("commandId").GetString();
        Assert.False(string.IsNullOrEmpty(commandId));
        Assert.Equal(commandId, result.GetProperty("correlationId").GetString());
        Assert.Equal([("product-REG-1", 1L)], Streams(result));
        Assert.True(result.GetProperty("lastPosition").GetInt64() >= 1);
    }

    [Fact]
    public async Task EveryProductCommandAppendsToTheProductStream()
    {
        await api.As("dave").CommandAsync("RegisterProduct", new { sku = "PROD-1", name = "Hex nut M8", price = 4.20m });

        var renamed = await api.As("dave").CommandAsync("RenameProduct", new { sku = "PROD-1", name = "Hex nut M8, zinc plated" });
        var repriced = await api.As("dave").CommandAsync("ChangePrice", new { sku = "PROD-1", price = 4.60m });
        var received = await api.As("carol").CommandAsync("ReceiveStock", new { sku = "PROD-1", quantity = 100, reference = "PO-4501" });
        var adjusted = await api.As("carol").CommandAsync("AdjustStock", new { sku = "PROD-1", delta = -3, reason = "Damaged in handling" });
        var discontinued = await api.As("dave").CommandAsync("DiscontinueProduct", new { sku = "PROD-1" });

        Assert.Equal([("product-PROD-1", 2L)], Streams(renamed));
        Assert.Equal([("product-PROD-1", 3L)], Streams(repriced));
        Assert.Equal([("product-PROD-1", 4L)], Streams(received));
        Assert.Equal([("product-PROD-1", 5L)], Streams(adjusted));
        Assert.Equal([("product-PROD-1", 6L)], Streams(discontinued));
        var stream = await StreamAsync("product-PROD-1");
        Assert.Equal(6, stream.GetProperty("version").GetInt64());
        Assert.Equal(
            ["ProductRegistered", "ProductRenamed", "PriceChanged", "StockReceived", "StockAdjusted", "ProductDiscontinued"],
            stream.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var adjustment = stream.GetProperty("events")[4].GetProperty("data");
        Assert.Equal(-3, adjustment.GetProperty("delta").GetInt32());
        Assert.Equal("Damaged in handling", adjustment.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task AnOrderWithTwoLinesIsPlacedPaidAndShipped()
    {
        await _client.CommandAsync("RegisterProduct", new { sku = "ORD-A", name = "Claw hammer", price = 18.50m });
        await _client.CommandAsync("RegisterProduct", new { sku = "ORD-B", name = "Tape measure", price = 9.80m });
        await _client.CommandAsync("ReceiveStock", new { sku = "ORD-A", quantity = 10, reference = "PO-1" });
        await _client.CommandAsync("ReceiveStock", new { sku = "ORD-B", quantity = 10, reference = "PO-2" });

        var placed = await api.As("alice").CommandAsync("PlaceOrder", new
        {
            orderId = "SO-1",
            customer = "Northwind Builders",
            lines = new[] { new { sku = "ORD-A", quantity = 2 }, new { sku = "ORD-B", quantity = 3 } },
        });
        var paid = await api.As("bob").CommandAsync("PayOrder", new { orderId = "SO-1", amount = 66.40m, paymentReference = "CARD-1" });
        var shipped = await api.As("carol").CommandAsync("ShipOrder", new { orderId = "SO-1", carrier = "DHL", trackingNumber = "JJD0001" });

        Assert.Equal([("product-ORD-A", 3L), ("product-ORD-B", 3L), ("order-SO-1", 1L)], Streams(placed));
        Assert.Equal([("order-SO-1", 2L)], Streams(paid));
        Assert.Equal([("product-ORD-A", 4L), ("product-ORD-B", 4L), ("order-SO-1", 3L)], Streams(shipped));
        var order = await StreamAsync("order-SO-1");
        Assert.Equal(["OrderPlaced", "OrderPaid", "OrderShipped"], order.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var data = order.GetProperty("events")[0].GetProperty("data");
        Assert.Equal(66.40m, data.GetProperty("total").GetDecimal());
        Assert.Equal(2, data.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task APlacedOrderIsCancelledAndItsReservationReleased()
    {
        await _client.CommandAsync("RegisterProduct", new { sku = "CAN-A", name = "Spirit level", price = 24.90m });
        await _client.CommandAsync("ReceiveStock", new { sku = "CAN-A", quantity = 5, reference = "PO-3" });
        await _client.CommandAsync("PlaceOrder", new { orderId = "SO-2", customer = "Acme", lines = new[] { new { sku = "CAN-A", quantity = 5 } } });

        var cancelled = await api.As("alice").CommandAsync("CancelOrder", new { orderId = "SO-2", reason = "Customer changed their mind" });

        Assert.Equal([("product-CAN-A", 4L), ("order-SO-2", 2L)], Streams(cancelled));
        var product = await StreamAsync("product-CAN-A");
        Assert.Equal("ReservationReleased", product.GetProperty("events")[3].GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnOrderPlacedWithoutAnIdGetsOneAssigned()
    {
        await _client.CommandAsync("RegisterProduct", new { sku = "AUTO-A", name = "Cable ties", price = 4.90m });
        await _client.CommandAsync("ReceiveStock", new { sku = "AUTO-A", quantity = 5, reference = "PO-4" });

        var placed = await _client.CommandAsync("PlaceOrder", new { customer = "Acme", lines = new[] { new { sku = "AUTO-A", quantity = 1 } } });

        var orderStream = Streams(placed)[^1].StreamId;
        Assert.StartsWith("order-", orderStream, StringComparison.Ordinal);
        Assert.True(orderStream.Length > "order-".Length);
    }

    [Fact]
    public async Task TheSameCommandIdInTheBodyTwiceGivesTheSameResultAndOneSetOfEvents()
    {
        await _client.CommandAsync("RegisterProduct", new { sku = "IDEM-A", name = "Wall plug", price = 5.30m });
        var body = new { sku = "IDEM-A", quantity = 7, reference = "PO-5", commandId = "idem-body-1" };

        var first = await _client.CommandAsync("ReceiveStock", body);
        var countAfterFirst = await api.CountEventsAsync();
        var second = await _client.CommandAsync("ReceiveStock", body);

        Assert.Equal("idem-body-1", first.GetProperty("commandId").GetString());
        AssertSameResult(first, second);
        Assert.Equal(countAfterFirst, await api.CountEventsAsync());
        Assert.Equal(2, (await StreamAsync("product-IDEM-A")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task TheSameIdempotencyKeyHeaderTwiceGivesTheSameResultAndOneSetOfEvents()
    {
        await _client.CommandAsync("RegisterProduct", new { sku = "IDEM-B", name = "Wall plug", price = 5.30m });
        var body = new { sku = "IDEM-B", delta = 4, reason = "Found during re-slotting" };

        using var first = await _client.SendCommandAsync("AdjustStock", body, idempotencyKey: "idem-header-1");
        var countAfterFirst = await api.CountEventsAsync();
        using var second = await _client.SendCommandAsync("AdjustStock", body, idempotencyKey: "idem-header-1");

        var firstResult = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        var secondResult = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("idem-header-1", firstResult.GetProperty("commandId").GetString());
        AssertSameResult(firstResult, secondResult);
        Assert.Equal(countAfterFirst, await api.CountEventsAsync());
    }

    [Fact]
    public async Task ARetriedCommandThatTheFirstAttemptMadeImpossibleStillGetsTheFirstResult()
    {
        // Retried as-is, the registration would find its own product already there; the payment its own order paid.
        var register = new { sku = "IDEM-C", name = "Torch", price = 27.50m, commandId = "idem-register-1" };
        var first = await _client.CommandAsync("RegisterProduct", register);
        await _client.CommandAsync("ReceiveStock", new { sku = "IDEM-C", quantity = 2, reference = "PO-6" });
        await _client.CommandAsync("PlaceOrder", new { orderId = "SO-IDEM", customer = "Acme", lines = new[] { new { sku = "IDEM-C", quantity = 1 } } });
        var pay = new { orderId = "SO-IDEM", amount = 27.50m, paymentReference = "CARD-2", commandId = "idem-pay-1" };
        var firstPayment = await _client.CommandAsync("PayOrder", pay);
        var count = await api.CountEventsAsync();

        AssertSameResult(first, await _client.CommandAsync("RegisterProduct", register));
        AssertSameResult(firstPayment, await _client.CommandAsync("PayOrder", pay));
        Assert.Equal(count, await api.CountEventsAsync());
    }

    [Fact]
    public async Task AStaleExpectedVersionIsAConflictThatSaysSomeoneElseChangedItAndWritesNothing()
    {
        await _client.CommandAsync("RegisterProduct", new { sku = "STALE-1", name = "Duct tape", price = 7.90m });
        await _client.CommandAsync("ChangePrice", new { sku = "STALE-1", price = 8.10m, expectedVersion = 1 });
        var count = await api.CountEventsAsync();

        using var response = await _client.SendCommandAsync("ChangePrice", new { sku = "STALE-1", price = 8.50m, expectedVersion = 1 });

        var problem = await response.AssertProblemAsync(409);
        Assert.Contains("changed by someone else", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(count, await api.CountEventsAsync());
        Assert.Equal(2, (await StreamAsync("product-STALE-1")).GetProperty("version").GetInt64());
    }

    private static void AssertSameResult(JsonElement first, JsonElement second)
    {
        Assert.Equal(first.GetProperty("commandId").GetString(), second.GetProperty("commandId").GetString());
        Assert.Equal(first.GetProperty("correlationId").GetString(), second.GetProperty("correlationId").GetString());
        Assert.Equal(Streams(first), Streams(second));
        Assert.Equal(first.GetProperty("lastPosition").GetInt64(), second.GetProperty("lastPosition").GetInt64());
        Assert.True(second.GetProperty("duplicate").GetBoolean());
    }
}
