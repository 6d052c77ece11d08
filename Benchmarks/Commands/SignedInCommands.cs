using System.Net.Http.Headers;
using System.Text;
using BlazorEs.Benchmarks.Suite;
using BlazorEs.Domain;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Benchmarks.Commands;

/// <summary>
/// Scenario 2 signed in (issue 12's "a signed-in command costs no more than 10% extra"): on the real app in this
/// process (Kestrel on loopback), the same ReceiveStock commands three ways, in the same run so they compare:
/// IMediator with the user named in the options (what scenario 2 measures: no principal, the authorization step
/// skipped), IMediator with a signed-in principal in the scope (the authorization and metadata steps read it, as a
/// console circuit does), and POST /api/commands/ReceiveStock with a bearer token (HTTP, token validation, rate
/// limiter off). Unauthenticated HTTP does not exist any more, so the HTTP figure has no auth-free twin.
/// </summary>
internal static class SignedInCommands
{
    public static async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        var folder = context.Folder("commands-signed-in");
        var path = Path.Combine(folder, "signed-in.db");
        BenchStore.DeleteFiles(path);
        await using var app = await InProcessConsole.StartAsync(path, new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" });
        var skus = await RegisterProductsAsync(app.Services, context.Size.Products);
        var token = await BenchSignIn.TokenAsync(app.Address, app.Services, "bench-operator");
        using var http = new HttpClient { BaseAddress = new Uri(app.Address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var principal = CurrentUser.Principal("bench-operator", ConsoleRoles.Admin);

        var ways = new (string Name, Func<int, int, Task> Send)[]
        {
            ("IMediator, user named in the options (scenario 2's way)", (client, i) => MediatorAsync(app.Services, skus, client, i, null)),
            ("IMediator, signed-in principal", (client, i) => MediatorAsync(app.Services, skus, client, i, principal)),
            ("HTTP POST with a bearer token", (client, i) => HttpAsync(http, skus, client, i)),
        };
        var clients = context.Size.ConcurrentWriters;
        foreach (var (_, send) in ways) await Repeat.ClientsAsync(clients, context.IsSmoke ? 3 : 50, send); // warm-up
        var rates = ways.ToDictionary(w => w.Name, _ => new List<double>());
        var p95s = ways.ToDictionary(w => w.Name, _ => new List<double>());
        for (var rep = 0; rep < context.Size.Repetitions; rep++)
        {
            foreach (var (name, send) in ways) // interleaved, so load from outside hits each way alike
            {
                var (elapsed, latencies) = await Repeat.ClientsAsync(clients, context.Size.CommandsPerClient, send);
                rates[name].Add(latencies.Count / elapsed.TotalSeconds);
                p95s[name].Add(Stats.Percentile(latencies, 95));
                context.Log($"signed-in commands x{clients} rep {rep + 1}, {name}: {rates[name][^1]:N0}/s, p95 {p95s[name][^1]:F1} ms");
            }
        }
        var figures = new Dictionary<string, Figure>();
        foreach (var (name, _) in ways)
        {
            figures[name] = result.Add(Figure.Of($"{name}: commands/s, {clients} clients", "commands/s", rates[name]));
            result.Add(Figure.Of($"{name}: latency p95, {clients} clients", "ms", p95s[name], higherIsBetter: false));
        }
        result.Comparisons.Add(new Comparison($"{clients} clients: signed-in principal / user named in the options (IMediator)",
            figures[ways[1].Name], figures[ways[0].Name]));
        result.Comparisons.Add(new Comparison($"{clients} clients: HTTP with a bearer token / IMediator signed in",
            figures[ways[2].Name], figures[ways[1].Name]));
        result.Notes.Add("Signed in: the same ReceiveStock commands on the real app in this process (Kestrel on loopback, its own SQLite file), "
            + "three ways interleaved per repetition. The principal way is what a console circuit pays for sign-in (the pipeline's "
            + "authorization step checks the role, the metadata step takes the name); the HTTP way adds the request, JSON, Identity's bearer "
            + "token (Data Protection unprotect on each request) and the endpoint's policy. There is no unauthenticated HTTP to compare with: "
            + "every endpoint needs a token. The rate limiter is off (one token is one user's budget).");
    }

    private static async Task MediatorAsync(IServiceProvider services, string[] skus, int client, int i, System.Security.Claims.ClaimsPrincipal? principal)
    {
        await using var scope = services.CreateAsyncScope();
        var command = new ReceiveStock(Sku(skus, client, i), 1 + (i % 50), $"PO-{client}-{i}");
        if (principal is null)
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExecuteCommand(command, new CommandOptions(User: $"client-{client}")));
            return;
        }
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(principal);
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExecuteCommand(command));
    }

    private static async Task HttpAsync(HttpClient http, string[] skus, int client, int i)
    {
        var body = $$"""{"sku":"{{Sku(skus, client, i)}}","quantity":{{1 + (i % 50)}},"reference":"PO-{{client}}-{{i}}"}""";
        using var response = await http.PostAsync("/api/commands/ReceiveStock", new StringContent(body, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /api/commands/ReceiveStock answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static string Sku(string[] skus, int client, int i) => skus[(i * 8 + client) % skus.Length];

    private static async Task<string[]> RegisterProductsAsync(IServiceProvider services, int products)
    {
        var writer = services.GetRequiredService<EventStoreWriter>();
        var skus = Enumerable.Range(1, products).Select(i => $"SIGNED-{i:D6}").ToArray();
        foreach (var chunk in skus.Chunk(500))
            await Task.WhenAll(chunk.Select(sku => writer.AppendAsync(new AppendRequest(
                [new StreamAppend(StreamIds.Product(sku), ExpectedVersion.NoStream, [new ProductRegistered(sku, $"Bench {sku}", 9.99m), new StockReceived(sku, 100, "INIT")])],
                new EventMetadata("bench", nameof(RegisterProduct), Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "bench")))));
        await services.GetRequiredService<ProjectionCatalog>().CatchUpAsync(position: null, Timeout.InfiniteTimeSpan, CancellationToken.None);
        return skus;
    }
}
