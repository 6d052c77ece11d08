using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorEs.App.Tests.Support;

namespace BlazorEs.App.Tests.Api;

/// <summary>
/// A command is compensated at most once: over real Kestrel on a real SQLite file, concurrent requests get one
/// compensation and 409s naming it; the reason is required and recorded.
/// </summary>
public sealed class CompensationEndpointTests : IAsyncLifetime
{
    private readonly ApiFactory _api = new();
    private HttpClient _client = default!;

    public ValueTask InitializeAsync()
    {
        _api.UseKestrel(0);
        _api.StartServer();
        _client = _api.As();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    private async Task<JsonElement> ReceiptAsync(string sku)
    {
        await _client.CommandAsync("RegisterProduct", new { sku, name = "Washer", price = 0.10m });
        await _client.CommandAsync("ReceiveStock", new { sku, quantity = 505, reference = "PO-1" });
        using var response = await _api.As("carol").SendCommandAsync("ReceiveStock", new { sku, quantity = 100, reference = "PO-2" }, correlationId: $"receipt-{sku}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private Task<HttpResponseMessage> CompensateAsync(string correlationId, object body, string user = "dora")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/compensations/{correlationId}") { Content = JsonContent.Create(body) };
        return _api.As(user).SendAsync(request);
    }

    private async Task<int> OnHandAsync(string sku)
    {
        var rows = await _client.GetJsonAsync($"/api/read-models/stock-levels?search={sku}&pageSize=100");
        var items = rows.ValueKind == JsonValueKind.Array ? rows : rows.GetProperty("items");
        return items.EnumerateArray().Single(r => r.GetProperty("sku").GetString() == sku).GetProperty("onHand").GetInt32();
    }

    [Fact]
    public async Task TwelveConcurrentCompensationsOfOneReceiptReverseItOnceAndTheOthersNameThatCompensation()
    {
        var receipt = await ReceiptAsync("W-1");
        var commandId = receipt.GetProperty("commandId").GetString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            CompensateAsync("receipt-W-1", new { reason = $"delivery note {i} was a duplicate" }, user: $"op{i}")));

        var ok = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        var conflicts = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
        var others = responses.Except(ok).Except(conflicts).ToList();
        Assert.True(ok.Count == 1 && conflicts.Count == 11, $"{ok.Count} OK, {conflicts.Count} conflicts; the others: "
            + string.Join("; ", await Task.WhenAll(others.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}"))));
        var recorded = await _client.GetJsonAsync($"/api/commands/{commandId}/compensation");
        var who = recorded.GetProperty("compensatedBy").GetString();
        foreach (var conflict in conflicts)
        {
            var problem = await conflict.AssertProblemAsync(409);
            var named = problem.GetProperty("compensation");
            Assert.Equal(who, named.GetProperty("compensatedBy").GetString());
            Assert.Equal("receipt-W-1", named.GetProperty("correlationId").GetString());
            Assert.Equal(recorded.GetProperty("compensatingCommandId").GetString(), named.GetProperty("compensatingCommandId").GetString());
            Assert.Contains(who!, problem.GetProperty("detail").GetString());
        }
        Assert.StartsWith("op", who);
        Assert.Matches("delivery note [0-9]+ was a duplicate", recorded.GetProperty("reason").GetString());
        Assert.Equal(505, await OnHandAsync("W-1"));
    }

    [Fact]
    public async Task ASecondCompensationAfterTheFirstIsRefusedAndWritesNothing()
    {
        await ReceiptAsync("W-2");
        using var first = await CompensateAsync("receipt-W-2", new { reason = "wrong supplier" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var events = await _api.CountEventsAsync();

        using var second = await CompensateAsync("receipt-W-2", new { reason = "again" }, user: "erin");

        var problem = await second.AssertProblemAsync(409);
        Assert.Equal("dora", problem.GetProperty("compensation").GetProperty("compensatedBy").GetString());
        Assert.Equal("wrong supplier", problem.GetProperty("compensation").GetProperty("reason").GetString());
        Assert.Equal(events, await _api.CountEventsAsync());
        var preview = await _client.GetJsonAsync("/api/compensations/receipt-W-2");
        Assert.False(preview.GetProperty("canCompensate").GetBoolean());
        Assert.Equal("dora", preview.GetProperty("compensatedBy").GetProperty("compensatedBy").GetString());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"reason\":\"   \"}")]
    [InlineData("{\"reason\":null}")]
    public async Task ACompensationWithoutAReasonIsRefusedAndWritesNothing(string body)
    {
        await ReceiptAsync("W-3");
        var events = await _api.CountEventsAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/compensations/receipt-W-3") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        using var response = await _client.SendAsync(request);

        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(events, await _api.CountEventsAsync());
    }

    [Fact]
    public async Task AReasonOverFiveHundredCharactersIsRefused()
    {
        await ReceiptAsync("W-4");

        using var response = await CompensateAsync("receipt-W-4", new { reason = new string('x', 501) });

        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        using var ok = await CompensateAsync("receipt-W-4", new { reason = new string('x', 500) });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }
}
