using System.Net;
using BlazorEs.App.Tests.Support;

namespace BlazorEs.App.Tests.Api;

/// <summary>/api/replay and /api/streams/{id}/as-of over HTTP: points in history, edges, and bad input.</summary>
public sealed class ReplayEndpointTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();
    private HttpClient _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = _factory.As();
        await _api.CommandAsync("RegisterProduct", new { sku = "A", name = "Anvil", price = 10 });   // 1
        await _api.CommandAsync("ReceiveStock", new { sku = "A", quantity = 5, reference = "PO-1" }); // 2
        await _api.CommandAsync("ReceiveStock", new { sku = "A", quantity = 7, reference = "PO-2" }); // 3
    }

    [Fact]
    public async Task AReadModelAsOfAPositionShowsTheRowsThen()
    {
        var then = await _api.GetJsonAsync("/api/replay/stock-levels?position=2");

        Assert.Equal("Historical", then.GetProperty("asOf").GetProperty("kind").GetString());
        Assert.Equal(5, then.GetProperty("rows")[0].GetProperty("onHand").GetInt32());
    }

    [Fact]
    public async Task BeforeTheFirstEventIsEmptyAndTheFutureIsTheCurrentStateSaidSo()
    {
        var before = await _api.GetJsonAsync("/api/replay/stock-levels?at=2000-01-01T00:00:00Z");
        var future = await _api.GetJsonAsync("/api/replay/dashboard?position=999");

        Assert.Equal("BeforeFirstEvent", before.GetProperty("asOf").GetProperty("kind").GetString());
        Assert.Equal(0, before.GetProperty("rows").GetArrayLength());
        Assert.Equal("Future", future.GetProperty("asOf").GetProperty("kind").GetString());
        Assert.Contains("current state", future.GetProperty("asOf").GetProperty("description").GetString());
        Assert.Equal(3, future.GetProperty("dashboard").GetProperty("eventsTotal").GetInt32());
    }

    [Fact]
    public async Task OrdersAsOfAPointComeAPageAtATimeNewestPlacedFirstOfOneStatusOrAll()
    {
        await _api.CommandAsync("PlaceOrder", new { orderId = "SO-1", customer = "Acme", lines = new[] { new { sku = "A", quantity = 2 } } });
        await _api.CommandAsync("PlaceOrder", new { orderId = "SO-2", customer = "Bolt", lines = new[] { new { sku = "A", quantity = 1 } } });
        await _api.CommandAsync("PayOrder", new { orderId = "SO-1", amount = 20m, paymentReference = "CARD-1" });

        var first = await _api.GetJsonAsync("/api/replay/order-summaries?position=999&pageSize=1");
        var second = await _api.GetJsonAsync("/api/replay/order-summaries?position=999&pageSize=1&page=2");
        var paid = await _api.GetJsonAsync("/api/replay/order-summaries?position=999&status=paid");
        var beforeOrders = await _api.GetJsonAsync("/api/replay/order-summaries?position=3");

        Assert.Equal(2, first.GetProperty("total").GetInt32());
        Assert.Equal("SO-2", first.GetProperty("rows")[0].GetProperty("orderId").GetString());
        Assert.Equal("SO-1", second.GetProperty("rows")[0].GetProperty("orderId").GetString());
        Assert.Equal("Placed", first.GetProperty("rows")[0].GetProperty("status").GetString());
        Assert.Equal(1, paid.GetProperty("total").GetInt32());
        Assert.Equal("SO-1", paid.GetProperty("rows")[0].GetProperty("orderId").GetString());
        Assert.Equal("Paid", paid.GetProperty("rows")[0].GetProperty("status").GetString());
        Assert.Equal(0, beforeOrders.GetProperty("total").GetInt32());
        Assert.Equal(0, beforeOrders.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public async Task TheDiffBetweenTwoPointsListsChangedRowsAndFigures()
    {
        var diff = await _api.GetJsonAsync("/api/replay/diff?from=1&to=3");

        var stock = diff.GetProperty("readModels").EnumerateArray().Single(m => m.GetProperty("projection").GetString() == "StockLevels");
        Assert.Equal(12, stock.GetProperty("changed")[0].GetProperty("to").GetProperty("onHand").GetInt32());
        var value = diff.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("figure").GetString() == "Stock value");
        Assert.Equal(120m, value.GetProperty("delta").GetDecimal());
    }

    [Fact]
    public async Task AStreamAsOfAVersionShowsItsStateAndWhatEachEventChanged()
    {
        var asOf = await _api.GetJsonAsync("/api/streams/product-A/as-of?version=2");

        Assert.Equal(2, asOf.GetProperty("version").GetInt64());
        Assert.Equal(3, asOf.GetProperty("currentVersion").GetInt64());
        Assert.Contains("\"onHand\": 5", asOf.GetProperty("state").GetString());
        var change = asOf.GetProperty("history").GetProperty("versions")[1].GetProperty("changes")[0];
        Assert.Equal("onHand", change.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("/api/replay/stock-levels", 400)]
    [InlineData("/api/replay/stock-levels?position=-1", 400)]
    [InlineData("/api/replay/stock-levels?position=abc", 400)]
    [InlineData("/api/replay/stock-levels?at=yesterday", 400)]
    [InlineData("/api/replay/stock-levels?position=1&at=2026-01-01T00:00:00Z", 400)]
    [InlineData("/api/replay/nothing?position=1", 404)]
    [InlineData("/api/replay/order-summaries?position=1&status=lost", 400)]
    [InlineData("/api/replay/stock-levels?position=1&status=Paid", 400)]
    [InlineData("/api/replay/diff?from=1", 400)]
    [InlineData("/api/replay/diff?from=x&to=2", 400)]
    [InlineData("/api/streams/product-A/as-of", 400)]
    [InlineData("/api/streams/product-A/as-of?version=-3", 400)]
    [InlineData("/api/streams/product-NOPE/as-of?version=1", 404)]
    public async Task BadPointsAreRefusedWithAProblem(string path, int status)
    {
        using var response = await _api.GetAsync(path);

        var problem = await response.AssertProblemAsync(status);
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.True(problem.TryGetProperty("detail", out _) || problem.TryGetProperty("errors", out _));
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _factory.DisposeAsync();
    }
}
