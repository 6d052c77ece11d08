using System.Net;
using System.Net.Http.Json;
using BlazorEs.Infrastructure.Accounts;
using System.Text;
using System.Text.Json;
using BlazorEs.App.Tests.Support;

namespace BlazorEs.App.Tests.Api;

/// <summary>Bad input gets a clear problem+json with the right status, and changes nothing.</summary>
public sealed class BadInputTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private const string Json = "application/json";
    private readonly HttpClient _client = api.As();

    private static readonly SemaphoreSlim Once = new(1, 1);

    // The state the business-rule cases need: BOLT-M8 with 10 on hand (3 reserved), an unpaid order of 2, a shipped
    // order of 1, and a discontinued product. Tests that must succeed write to RECV-1 only: a receipt into BOLT-M8 run
    // before the rule cases made "adjusting below what orders reserve" legal (seen in CI: the theories' order varies).
    public async ValueTask InitializeAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (await api.CountEventsAsync() > 0) return;
            await _client.CommandAsync("RegisterProduct", new { sku = "BOLT-M8", name = "Hex bolt M8", price = 8.90m });
            await _client.CommandAsync("ReceiveStock", new { sku = "BOLT-M8", quantity = 10, reference = "PO-1" });
            await _client.CommandAsync("PlaceOrder", new { orderId = "SO-UNPAID", customer = "Acme", lines = new[] { new { sku = "BOLT-M8", quantity = 2 } } });
            await _client.CommandAsync("PlaceOrder", new { orderId = "SO-SHIPPED", customer = "Acme", lines = new[] { new { sku = "BOLT-M8", quantity = 1 } } });
            await _client.CommandAsync("PayOrder", new { orderId = "SO-SHIPPED", amount = 8.90m, paymentReference = "CARD-1" });
            await _client.CommandAsync("ShipOrder", new { orderId = "SO-SHIPPED", carrier = "DHL", trackingNumber = "JJD1" });
            await _client.CommandAsync("RegisterProduct", new { sku = "OLD-1", name = "Old stock", price = 1m });
            await _client.CommandAsync("DiscontinueProduct", new { sku = "OLD-1" });
            await _client.CommandAsync("RegisterProduct", new { sku = "RECV-1", name = "Receipts of the passing cases", price = 1m });
        }
        finally
        {
            Once.Release();
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static TheoryData<string, string, string?, string, int> BadCommands => new()
    {
        // What is wrong, command, content type, body, status.
        { "malformed JSON", "RegisterProduct", Json, """{"sku":"NEW-1","name":""", 400 },
        { "an empty body", "RegisterProduct", Json, "", 400 },
        { "a JSON array instead of an object", "RegisterProduct", Json, """[{"sku":"NEW-1","name":"New","price":1}]""", 400 },
        { "a JSON string instead of an object", "RegisterProduct", Json, "\"NEW-1\"", 400 },
        { "JSON null instead of an object", "RegisterProduct", Json, "null", 400 },
        { "a price that is text", "RegisterProduct", Json, """{"sku":"NEW-1","name":"New","price":"abc"}""", 400 },
        { "a price given as a numeric string", "RegisterProduct", Json, """{"sku":"NEW-1","name":"New","price":"1.5"}""", 400 },
        { "a fractional quantity", "ReceiveStock", Json, """{"sku":"BOLT-M8","quantity":1.5,"reference":"PO-2"}""", 400 },
        { "a missing price", "RegisterProduct", Json, """{"sku":"NEW-1","name":"New"}""", 400 },
        { "a missing sku", "ReceiveStock", Json, """{"quantity":1,"reference":"PO-2"}""", 400 },
        { "a null sku", "RegisterProduct", Json, """{"sku":null,"name":"New","price":1}""", 400 },
        { "an order line without a quantity", "PlaceOrder", Json, """{"customer":"Acme","lines":[{"sku":"BOLT-M8"}]}""", 400 },
        { "an unknown extra field", "RegisterProduct", Json, """{"sku":"NEW-1","name":"New","price":1,"colour":"red"}""", 400 },
        { "an unknown field in an order line", "PlaceOrder", Json, """{"customer":"Acme","lines":[{"sku":"BOLT-M8","quantity":1,"discount":5}]}""", 400 },
        { "a field given twice", "RegisterProduct", Json, """{"sku":"NEW-1","name":"New","price":1,"price":2}""", 400 },
        { "a negative price", "RegisterProduct", Json, """{"sku":"NEW-1","name":"New","price":-1}""", 400 },
        { "a price of 1e40", "RegisterProduct", Json, """{"sku":"NEW-1","name":"New","price":1e40}""", 400 },
        { "a price above the maximum", "RegisterProduct", Json, """{"sku":"NEW-1","name":"New","price":1000000001}""", 400 },
        { "a quantity of 99999999999", "ReceiveStock", Json, """{"sku":"BOLT-M8","quantity":99999999999,"reference":"PO-2"}""", 400 },
        { "a quantity above the maximum", "ReceiveStock", Json, """{"sku":"BOLT-M8","quantity":1000001,"reference":"PO-2"}""", 400 },
        { "a zero quantity", "ReceiveStock", Json, """{"sku":"BOLT-M8","quantity":0,"reference":"PO-2"}""", 400 },
        { "a negative quantity", "PlaceOrder", Json, """{"customer":"Acme","lines":[{"sku":"BOLT-M8","quantity":-1}]}""", 400 },
        { "a zero adjustment", "AdjustStock", Json, """{"sku":"BOLT-M8","delta":0,"reason":"Count"}""", 400 },
        { "a non-positive payment", "PayOrder", Json, """{"orderId":"SO-UNPAID","amount":0,"paymentReference":"CARD-2"}""", 400 },
        { "an empty name", "RegisterProduct", Json, """{"sku":"NEW-1","name":"","price":1}""", 400 },
        { "a blank name", "RegisterProduct", Json, """{"sku":"NEW-1","name":"   ","price":1}""", 400 },
        { "a name of 201 characters", "RegisterProduct", Json, $$"""{"sku":"NEW-1","name":"{{new string('n', 201)}}","price":1}""", 400 },
        { "a reason of 501 characters", "AdjustStock", Json, $$"""{"sku":"BOLT-M8","delta":1,"reason":"{{new string('r', 501)}}"}""", 400 },
        { "an empty sku", "RegisterProduct", Json, """{"sku":"","name":"New","price":1}""", 400 },
        { "a sku in lower case with a space", "RegisterProduct", Json, """{"sku":"bolt m8","name":"New","price":1}""", 400 },
        { "a sku of 33 characters", "RegisterProduct", Json, $$"""{"sku":"{{new string('S', 33)}}","name":"New","price":1}""", 400 },
        { "an order id with a slash", "PlaceOrder", Json, """{"orderId":"SO/1","customer":"Acme","lines":[{"sku":"BOLT-M8","quantity":1}]}""", 400 },
        { "an order without lines", "PlaceOrder", Json, """{"customer":"Acme","lines":[]}""", 400 },
        { "an order with a null line", "PlaceOrder", Json, """{"customer":"Acme","lines":[null]}""", 400 },
        { "a command id of 65 characters", "ReceiveStock", Json, $$"""{"sku":"BOLT-M8","quantity":1,"reference":"PO-2","commandId":"{{new string('c', 65)}}"}""", 400 },
        { "a command id that is a number", "ReceiveStock", Json, """{"sku":"BOLT-M8","quantity":1,"reference":"PO-2","commandId":5}""", 400 },
        { "a negative expected version", "ChangePrice", Json, """{"sku":"BOLT-M8","price":9,"expectedVersion":-1}""", 400 },
        { "an expected version that is text", "ChangePrice", Json, """{"sku":"BOLT-M8","price":9,"expectedVersion":"one"}""", 400 },
        { "an unknown command", "LaunchRocket", Json, """{"sku":"BOLT-M8"}""", 404 },
        { "a text/plain body", "RegisterProduct", "text/plain", """{"sku":"NEW-1","name":"New","price":1}""", 415 },
        { "a form body", "RegisterProduct", "application/x-www-form-urlencoded", "sku=NEW-1&name=New&price=1", 415 },
        { "no content type", "RegisterProduct", null, """{"sku":"NEW-1","name":"New","price":1}""", 415 },
        { "a duplicate sku", "RegisterProduct", Json, """{"sku":"BOLT-M8","name":"Another bolt","price":1}""", 409 },
        { "a stale expected version", "ChangePrice", Json, """{"sku":"BOLT-M8","price":9,"expectedVersion":1}""", 409 },
        { "an unknown product", "ReceiveStock", Json, """{"sku":"NOPE-1","quantity":1,"reference":"PO-2"}""", 404 },
        { "an order of an unknown product", "PlaceOrder", Json, """{"customer":"Acme","lines":[{"sku":"NOPE-1","quantity":1}]}""", 404 },
        { "an unknown order", "PayOrder", Json, """{"orderId":"SO-NOPE","amount":1,"paymentReference":"CARD-2"}""", 404 },
        { "insufficient stock", "PlaceOrder", Json, """{"customer":"Acme","lines":[{"sku":"BOLT-M8","quantity":8}]}""", 422 },
        { "paying the wrong amount", "PayOrder", Json, """{"orderId":"SO-UNPAID","amount":1.00,"paymentReference":"CARD-2"}""", 422 },
        { "shipping an unpaid order", "ShipOrder", Json, """{"orderId":"SO-UNPAID","carrier":"DHL","trackingNumber":"JJD2"}""", 422 },
        { "cancelling a shipped order", "CancelOrder", Json, """{"orderId":"SO-SHIPPED","reason":"Too late"}""", 422 },
        { "paying a shipped order", "PayOrder", Json, """{"orderId":"SO-SHIPPED","amount":8.90,"paymentReference":"CARD-2"}""", 422 },
        { "adjusting below what orders reserve", "AdjustStock", Json, """{"sku":"BOLT-M8","delta":-8,"reason":"Count"}""", 422 },
        { "receiving into a discontinued product", "ReceiveStock", Json, """{"sku":"OLD-1","quantity":1,"reference":"PO-2"}""", 422 },
        { "ordering a discontinued product", "PlaceOrder", Json, """{"customer":"Acme","lines":[{"sku":"OLD-1","quantity":1}]}""", 422 },
    };

    [Theory]
    [MemberData(nameof(BadCommands))]
    public async Task ABadCommandGetsAProblemWithTheRightStatusAndWritesNothing(string wrong, string command, string? contentType, string body, int status)
    {
        var before = await api.CountEventsAsync();

        using var response = await _client.SendCommandAsync(command, body, contentType);

        var problem = await response.AssertProblemAsync(status);
        Assert.False(string.IsNullOrWhiteSpace(problem.TryGetProperty("detail", out var detail) ? detail.GetString() : null), wrong);
        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Fact]
    public async Task AFieldErrorNamesTheFieldAsTheBodySpellsIt()
    {
        using var response = await _client.SendCommandAsync("PlaceOrder", """{"customer":"Acme","lines":[{"sku":"BOLT-M8","quantity":0}]}""", Json);

        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("lines[0].quantity", out _), problem.ToString());
    }

    [Fact]
    public async Task ABodyOfOneMegabyteIsTooLargeAndWritesNothing()
    {
        var before = await api.CountEventsAsync();
        var body = $$"""{"sku":"BIG-1","name":"{{new string('n', 1024 * 1024)}}","price":1}""";

        using var response = await _client.SendCommandAsync("RegisterProduct", body, Json);

        await response.AssertProblemAsync(413);
        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Fact]
    public async Task AChunkedBodyOfOneMegabyteIsTooLargeAndWritesNothing()
    {
        var before = await api.CountEventsAsync();
        var bytes = Encoding.UTF8.GetBytes($$"""{"sku":"BIG-2","name":"{{new string('n', 1024 * 1024)}}","price":1}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/commands/RegisterProduct")
        {
            Content = new StreamContent(new MemoryStream(bytes)), // no Content-Length: the limit must hold while reading
        };
        request.Content.Headers.ContentType = new(Json);
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request);

        await response.AssertProblemAsync(413);
        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Theory]
    [InlineData("mallory")]
    [InlineData("ali\u202Ece")] // a right-to-left override
    [InlineData("bo\u200Bb")] // a zero-width space
    public async Task AnXUserHeaderIsAnsweredAsIfItWereNotSentTheEventCarriesTheSignedInUser(string claimed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/commands/ReceiveStock")
        {
            Content = JsonContent.Create(new { sku = "RECV-1", quantity = 1, reference = "PO-X" }),
        };
        request.Headers.TryAddWithoutValidation("X-User", claimed);

        using var response = await api.As("olga", ConsoleRoles.Operator).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var position = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("lastPosition").GetInt64();
        var events = (await _client.GetJsonAsync($"/api/events?after={position - 1}&limit=1")).GetProperty("events");
        Assert.Equal("olga", events[0].GetProperty("metadata").GetProperty("userId").GetString());
    }

    [Theory]
    [InlineData("cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc")] // 65 characters
    [InlineData("conversation 42")] // a space
    [InlineData("conv/42")]
    [InlineData("{4f9c4f4e-7d0a-4c1b-9d54-1d3c5e1f8a2b}")] // braces are not part of the format
    public async Task ABadCorrelationIdHeaderIsABadRequestAndWritesNothing(string correlationId)
    {
        var before = await api.CountEventsAsync();

        using var response = await _client.SendCommandAsync(
            "ReceiveStock", new { sku = "BOLT-M8", quantity = 1, reference = "PO-2" }, correlationId: correlationId);

        await response.AssertProblemAsync(400);
        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=abc")]
    [InlineData("limit=1001")]
    [InlineData("limit=-5")]
    [InlineData("limit=4294967297")]
    [InlineData("after=-1")]
    [InlineData("after=abc")]
    [InlineData("from=notadate")]
    [InlineData("to=notadate")]
    [InlineData("from=2026-11-20T00:00:00Z&to=2026-11-19T00:00:00Z")]
    [InlineData("type=Unknown")]
    public async Task ABadEventsQueryIsABadRequest(string query)
    {
        using var response = await _client.GetAsync($"/api/events?{query}");

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(JsonValueKind.Object, problem.GetProperty("errors").ValueKind);
    }

}
