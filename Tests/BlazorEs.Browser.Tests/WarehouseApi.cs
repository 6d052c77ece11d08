using System.Net.Http.Json;

namespace BlazorEs.Browser.Tests;

/// <summary>
/// Seeds data the way any client would: POST /api/commands/{name}?wait=true, so read models show it before the test
/// looks, signed in with a bearer token as <c>user</c> (an operator account made on first use).
/// </summary>
public sealed class WarehouseApi(ConsoleServer server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(server.Address), Timeout = TimeSpan.FromSeconds(30) };

    public async Task SendAsync(string command, object body, string user = "alice", string? correlationId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/commands/{command}?wait=true") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", await server.TokenAsync(user));
        if (correlationId is not null) request.Headers.Add("X-Correlation-Id", correlationId);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{command} answered {(int)response.StatusCode}: {text}");
    }

    public Task RegisterAsync(string sku, string name, decimal price, string user = "alice") =>
        SendAsync("RegisterProduct", new { sku, name, price }, user);

    public Task ReceiveAsync(string sku, int quantity, string user = "alice") =>
        SendAsync("ReceiveStock", new { sku, quantity, reference = $"PO-{sku}-{quantity}" }, user);

    public Task PlaceOrderAsync(string orderId, string customer, string user, params (string Sku, int Quantity)[] lines) =>
        SendAsync("PlaceOrder", new { orderId, customer, lines = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }) }, user);

    public void Dispose() => _http.Dispose();
}
