using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;

namespace BlazorEs.App.Tests.Cluster.Processes;

/// <summary>
/// Clients spread over the instances: each registers its own product, then receives stock into it, one command at a
/// time. A command whose instance went away (refused, cut, 5xx) is sent again to the next instance with the same
/// idempotency key until it is acknowledged, so each command ends up stored exactly once whatever was cut.
/// </summary>
internal sealed class ClusterLoad(AppProcess[] instances)
{
    private readonly ConcurrentDictionary<string, int> _onHand = new();
    private int _receipts;

    public int Receipts => Volatile.Read(ref _receipts);

    public int OnHand(string sku) => _onHand.GetValueOrDefault(sku);

    public void Acknowledge(int client, int quantity)
    {
        _onHand.AddOrUpdate($"K{client}", quantity, (_, q) => q + quantity);
        Interlocked.Increment(ref _receipts);
    }

    public async Task WaitForAcknowledgedAsync(int receipts, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (Receipts < receipts && DateTime.UtcNow < deadline) await Task.Delay(20, ct);
        if (Receipts < receipts) throw new TimeoutException($"Only {Receipts} of {receipts} receipts were acknowledged.");
    }

    public async Task RunClientAsync(int client, CancellationToken stop)
    {
        var sku = $"K{client}";
        await SendAsync(client, 0, "RegisterProduct", new { sku, name = $"Product {client}", price = 1 });
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var quantity = 1 + (n % 5);
            await SendAsync(client, n, "ReceiveStock", new { sku, quantity, reference = $"PO-{client}-{n}" });
            Acknowledge(client, quantity);
        }
    }

    private async Task SendAsync(int client, int n, string command, object body)
    {
        var key = $"client-{client}-{n}";
        for (var attempt = 0; ; attempt++)
        {
            var instance = instances[(client + attempt) % instances.Length];
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/commands/{command}") { Content = JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await instance.Client.SendAsync(request);
                if (response.IsSuccessStatusCode) return;
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.Conflict)
                    throw new InvalidOperationException($"{command} {key} on {instance.Id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ObjectDisposedException)
            {
                // The instance was killed (or is being replaced): the next one takes the same command.
            }
            await Task.Delay(Math.Min(500, 20 * (attempt + 1)));
        }
    }
}
