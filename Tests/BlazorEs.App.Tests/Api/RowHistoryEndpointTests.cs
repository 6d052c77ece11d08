using System.Net;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.Accounts;

namespace BlazorEs.App.Tests.Api;

/// <summary>GET /api/read-models/{readModel}/{key}/history over HTTP: the row's changes with who and what, paging, and every refusal as problem+json.</summary>
public sealed class RowHistoryEndpointTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private static readonly SemaphoreSlim Once = new(1, 1);

    public async ValueTask InitializeAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (await api.CountEventsAsync() > 0) return;
            await api.As("dave").CommandAsync("RegisterProduct", new { sku = "RH-1", name = "Rope", price = 3.5m });
            await api.As("carol").CommandAsync("ReceiveStock", new { sku = "RH-1", quantity = 30, reference = "PO-RH" });
            await api.As("alice").CommandAsync("PlaceOrder", new { orderId = "SO-RH", customer = "Acme", lines = new[] { new { sku = "RH-1", quantity = 4 } } });
            await api.As("bob").CommandAsync("PayOrder", new { orderId = "SO-RH", amount = 14m, paymentReference = "PAY-RH" });
        }
        finally
        {
            Once.Release();
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task AViewerReadsAProductsStockChangesNewestFirstWithWhoWhatAndTheFieldsBeforeAndAfter()
    {
        var history = await api.AsRole(ConsoleRoles.Viewer).GetJsonAsync("/api/read-models/stock-levels/RH-1/history");

        Assert.Equal(("StockLevels", "RH-1", "product-RH-1"),
            (history.GetProperty("readModel").GetString(), history.GetProperty("key").GetString(), history.GetProperty("streamId").GetString()));
        var entries = history.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["StockReserved", "StockReceived", "ProductRegistered"], entries.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(["alice", "carol", "dave"], entries.Select(e => e.GetProperty("userId").GetString()));
        Assert.Equal("PlaceOrder", entries[0].GetProperty("commandName").GetString());
        var reserved = entries[0].GetProperty("changed").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "reserved");
        Assert.Equal((0, 4), (reserved.GetProperty("before").GetInt32(), reserved.GetProperty("after").GetInt32()));
        Assert.Equal(26, entries[0].GetProperty("after").GetProperty("available").GetInt32());
        Assert.Equal("created", entries[^1].GetProperty("change").GetString(), ignoreCase: true);
        Assert.Equal(JsonValueKindNull, entries[^1].GetProperty("before").ValueKind);
        Assert.Equal(JsonValueKindNull, history.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task AnOrdersHistoryPagesBackWithBeforeAndLimit()
    {
        var client = api.AsRole(ConsoleRoles.Viewer);

        var first = await client.GetJsonAsync("/api/read-models/order-summaries/SO-RH/history?limit=1");
        var next = first.GetProperty("next").GetInt64();
        var second = await client.GetJsonAsync($"/api/read-models/OrderSummaries/SO-RH/history?limit=1&before={next}");

        Assert.Equal("OrderPaid", first.GetProperty("entries")[0].GetProperty("type").GetString());
        Assert.Equal("OrderPlaced", second.GetProperty("entries")[0].GetProperty("type").GetString());
        Assert.Equal(JsonValueKindNull, second.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("/api/read-models/stock-levels/RH-1/history?limit=0", 400, "limit")]
    [InlineData("/api/read-models/stock-levels/RH-1/history?limit=abc", 400, "limit")]
    [InlineData("/api/read-models/stock-levels/RH-1/history?before=-3", 400, "before")]
    [InlineData("/api/read-models/stock-levels/NO-SUCH-SKU/history", 404, "There is no row 'NO-SUCH-SKU'")]
    [InlineData("/api/read-models/no-such-model/RH-1/history", 404, "Read models with row history")]
    [InlineData("/api/read-models/DashboardFigures/orders/history", 404, "add up every stream")]
    public async Task BadInputIsAProblemThatSaysWhat(string path, int status, string says)
    {
        using var response = await api.AsRole(ConsoleRoles.Viewer).GetAsync(path, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(status);

        Assert.Contains(says, problem.ToString());
    }

    [Fact]
    public async Task WithoutSignInTheHistoryIsRefused()
    {
        using var anonymous = api.CreateClient();

        using var response = await anonymous.GetAsync("/api/read-models/stock-levels/RH-1/history", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(401);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
