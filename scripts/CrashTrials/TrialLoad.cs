using System.Text.Json.Nodes;

namespace BlazorEs.CrashTrials;

/// <summary>One kind of traffic for a trial: what it sets up, what its clients send until the kill, what it sends after the restart.</summary>
internal interface ITrialLoad
{
    /// <summary>App settings (environment variables) this load needs, for both runs.</summary>
    IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Before the clock starts: products to work on. These commands are acknowledged ones too, and checked.</summary>
    Task SetupAsync(CommandClient api, CancellationToken ct);

    /// <summary>Client <paramref name="client"/>'s traffic, until <paramref name="ct"/> is cancelled (after the kill).</summary>
    Task RunClientAsync(CommandClient api, int client, Random random, CancellationToken ct);

    /// <summary>On the restarted app, before the checks (the retry-id load sends its unanswered ids again).</summary>
    Task AfterRestartAsync(CommandClient api, CancellationToken ct) => Task.CompletedTask;

    /// <summary>How many clients run, given the --clients option.</summary>
    int ClientCount(int clients) => clients;

    public static ITrialLoad For(LoadKind kind) => kind switch
    {
        LoadKind.OneStream => new OneStreamLoad(),
        LoadKind.Disjoint => new DisjointLoad(),
        LoadKind.PlaceOrder => new PlaceOrderLoad(),
        LoadKind.RetryId => new RetryIdLoad(),
        LoadKind.ReadSide => new ReadSideLoad(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>The commands the loads send, as the API takes them.</summary>
internal static class Commands
{
    public const decimal Price = 10m;

    public static JsonObject Register(string sku) => new() { ["sku"] = sku, ["name"] = $"Crash trial {sku}", ["price"] = Price };

    public static JsonObject Receive(string sku, int quantity, string reference) =>
        new() { ["sku"] = sku, ["quantity"] = quantity, ["reference"] = reference };

    public static JsonObject Order(string orderId, IEnumerable<(string Sku, int Quantity)> lines) => new()
    {
        ["orderId"] = orderId,
        ["customer"] = "Crash trial customer",
        ["lines"] = new JsonArray(lines.Select(l => (JsonNode)new JsonObject { ["sku"] = l.Sku, ["quantity"] = l.Quantity }).ToArray()),
    };

    /// <summary>Registers each product and gives it stock, all at once; stops at the first refusal (nothing to test without them).</summary>
    public static async Task RegisterAsync(CommandClient api, IEnumerable<string> skus, int stock, CancellationToken ct)
    {
        await Task.WhenAll(skus.Select(async sku =>
        {
            await Expect200(api.SendAsync(-1, "RegisterProduct", Register(sku), ct: ct), sku);
            if (stock > 0) await Expect200(api.SendAsync(-1, "ReceiveStock", Receive(sku, stock, "opening stock"), ct: ct), sku);
        }));
    }

    private static async Task Expect200(Task<CommandAnswer?> send, string sku)
    {
        var answer = await send;
        if (answer?.Ack is null)
            throw new InvalidOperationException($"Setting up {sku} failed: {answer?.Status.ToString() ?? "no answer"} {answer?.ResponseBody}");
    }
}
