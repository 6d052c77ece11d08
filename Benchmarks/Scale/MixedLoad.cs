using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace BlazorEs.Benchmarks.Scale;

/// <summary>
/// An operator's day against the app process, paced rather than flat out: four clients, each in turn receiving stock,
/// placing a one-line order, reading a timeline page, a grid page and a read model as of a random point, with a short
/// pause between rounds. Counts what it did and what failed; memory is read by the caller before and after.
/// </summary>
internal static class MixedLoad
{
    private const int Clients = 4;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    public static async Task<(long Requests, long Failures)> RunAsync(HttpClient client, long head, TimeSpan duration)
    {
        using var grid = JsonDocument.Parse(await client.GetStringAsync("/api/read-models/stock-levels?pageSize=100&activeOnly=true"));
        var skus = grid.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()!).ToArray();
        if (skus.Length == 0) throw new InvalidOperationException("The history has no active products to load.");
        long requests = 0, failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            var random = new Random(100 + c);
            for (var round = 0; clock.Elapsed < duration; round++)
            {
                var sku = skus[random.Next(skus.Length)];
                var calls = new Func<Task<HttpResponseMessage>>[]
                {
                    () => client.PostAsJsonAsync("/api/commands/ReceiveStock", new { sku, quantity = 5, reference = $"SCALE-{c}-{round}" }),
                    () => client.PostAsJsonAsync("/api/commands/PlaceOrder", new { orderId = $"SCALE-{c}-{round}-{Guid.NewGuid():N}"[..40], customer = "Scale Ltd", lines = new[] { new { sku, quantity = 1 } } }),
                    () => client.GetAsync("/api/events?limit=50"),
                    () => client.GetAsync($"/api/read-models/order-summaries?page={1 + random.Next(20)}&pageSize=50"),
                    () => client.GetAsync($"/api/replay/stock-levels?position={1 + random.NextInt64(head)}&pageSize=50"),
                };
                foreach (var call in calls)
                {
                    using var response = await call();
                    Interlocked.Increment(ref requests);
                    // 422 (not enough stock for the order) and 409 (a conflict on a busy product) are answers, not failures.
                    if ((int)response.StatusCode >= 400 && response.StatusCode is not (System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.UnprocessableEntity))
                        Interlocked.Increment(ref failures);
                }
                await Task.Delay(Pause);
            }
        }));
        return (requests, failures);
    }
}
