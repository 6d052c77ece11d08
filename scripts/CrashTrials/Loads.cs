using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace BlazorEs.CrashTrials;

/// <summary>
/// Every client on one product. Half send no expected version (the server retries its conflicts); half send the
/// version they last saw acknowledged and take the 409 when another client got there first, then try again.
/// </summary>
internal sealed class OneStreamLoad : ITrialLoad
{
    private const string Sku = "CRASH-ONE";
    private long _knownVersion;

    public async Task SetupAsync(CommandClient api, CancellationToken ct)
    {
        await Commands.RegisterAsync(api, [Sku], 0, ct);
        _knownVersion = 1;
    }

    public async Task RunClientAsync(CommandClient api, int client, Random random, CancellationToken ct)
    {
        var expecting = client % 2 == 1;
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var body = Commands.Receive(Sku, 1 + random.Next(5), $"c{client}-{n}");
            if (expecting) body["expectedVersion"] = Interlocked.Read(ref _knownVersion);
            var answer = await api.SendAsync(client, "ReceiveStock", body, ct: ct);
            if (answer is null) return; // the process is gone
            foreach (var s in answer.Ack?.Streams ?? [])
                InterlockedMax(ref _knownVersion, s.Version);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}

/// <summary>
/// Four products per client, no two clients on the same one: nothing conflicts, so group commits grow large. Half the
/// clients choose their command ids, so an error answer can be checked against the store.
/// </summary>
internal sealed class DisjointLoad : ITrialLoad
{
    private const int PerClient = 4;

    public int ClientCount(int clients) => clients * PerClient;

    public Task SetupAsync(CommandClient api, CancellationToken ct) => Task.CompletedTask;

    public async Task RunClientAsync(CommandClient api, int client, Random random, CancellationToken ct)
    {
        // Each client registers its own product first, so registrations join the group commits under load too (after
        // a restart it exists already: the 409 is the answer then).
        var sku = $"CRASH-D{client}";
        if (await api.SendAsync(client, "RegisterProduct", Commands.Register(sku), ct: ct) is null) return;
        // Odd clients choose their command ids (never resent): an error answer can then be checked against the store.
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var id = client % 2 == 1 ? $"d{client}-{n}-{random.Next(1_000_000)}" : null;
            if (await api.SendAsync(client, "ReceiveStock", Commands.Receive(sku, 1 + random.Next(9), $"d{n}"), id, ct: ct) is null) return;
        }
    }
}

/// <summary>Orders of two or three lines over six products (one commit over three or four streams); some are paid, some cancelled.</summary>
internal sealed class PlaceOrderLoad : ITrialLoad
{
    private static readonly string[] Skus = Enumerable.Range(1, 6).Select(i => $"CRASH-P{i}").ToArray();

    public Task SetupAsync(CommandClient api, CancellationToken ct) => Commands.RegisterAsync(api, Skus, 1_000_000, ct);

    public async Task RunClientAsync(CommandClient api, int client, Random random, CancellationToken ct)
    {
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var orderId = $"O-{client}-{n}-{random.Next(1_000_000)}";
            var lines = Skus.OrderBy(_ => random.Next()).Take(2 + random.Next(2)).Select(s => (s, 1 + random.Next(3))).ToArray();
            var placed = await api.SendAsync(client, "PlaceOrder", Commands.Order(orderId, lines), ct: ct);
            if (placed is null) return;
            if (placed.Ack is null) continue;
            var next = random.Next(3) switch
            {
                0 => ("PayOrder", new JsonObject { ["orderId"] = orderId, ["amount"] = Commands.Price * lines.Sum(l => l.Item2), ["paymentReference"] = $"pay-{n}" }),
                1 => ("CancelOrder", new JsonObject { ["orderId"] = orderId, ["reason"] = "crash trial" }),
                _ => ((string, JsonObject)?)null,
            };
            if (next is { } follow && await api.SendAsync(client, follow.Item1, follow.Item2, ct: ct) is null) return;
        }
    }
}

/// <summary>
/// Client-chosen command ids, each sent with a short timeout (5–150 ms) and sent again with the same id and body until
/// an answer comes; some products are shared, so retries meet conflicts too. After the restart each client's
/// command that never got an answer is sent once more: a commit from before the kill must come back as a duplicate
/// with its stored result, and an id must never commit twice.
/// </summary>
internal sealed class RetryIdLoad : ITrialLoad
{
    private static readonly string[] Skus = Enumerable.Range(1, 4).Select(i => $"CRASH-R{i}").ToArray();
    private readonly ConcurrentDictionary<int, (string Id, string Command, JsonObject Body)> _outstanding = new();

    /// <summary>Each product is registered with a client-chosen id, so it can be registered again below.</summary>
    public Task SetupAsync(CommandClient api, CancellationToken ct) =>
        Task.WhenAll(Skus.Select(sku => api.SendAsync(-1, "RegisterProduct", Commands.Register(sku), RegistrationId(sku), ct: ct)));

    private static string RegistrationId(string sku) => $"register-{sku}";

    public async Task RunClientAsync(CommandClient api, int client, Random random, CancellationToken ct)
    {
        // The registration again, with its id: the product exists now, so the decision refuses it, and the answer is
        // the first attempt's stored result (the handler's first-result path).
        var again = Skus[client % Skus.Length];
        if (await api.SendAsync(client, "RegisterProduct", Commands.Register(again), RegistrationId(again), ct: ct) is null) return;
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var id = $"r{client}-{n}-{random.Next(1_000_000)}";
            var body = Commands.Receive(Skus[random.Next(Skus.Length)], 1 + random.Next(9), id);
            _outstanding[client] = (id, "ReceiveStock", body);
            var timeout = TimeSpan.FromMilliseconds(5 + random.Next(146));
            while (!ct.IsCancellationRequested)
            {
                var answer = await api.SendAsync(client, "ReceiveStock", (JsonObject)body.DeepClone(), id, timeout, ct: ct);
                if (answer is not null) break;
                timeout = TimeSpan.FromMilliseconds(Math.Min(2000, timeout.TotalMilliseconds * 2));
                // A refused connection answers at once: the process is gone, and the restart sends this one again.
                if (!await api.GetAsync("/api/projections", ct)) return;
            }
            _outstanding.TryRemove(client, out _);
        }
    }

    public Task AfterRestartAsync(CommandClient api, CancellationToken ct) =>
        Task.WhenAll(_outstanding.Select(o =>
            api.SendAsync(o.Key, o.Value.Command, (JsonObject)o.Value.Body.DeepClone(), o.Value.Id, TimeSpan.FromSeconds(30), afterRestart: true, ct: ct)));
}

/// <summary>
/// Writers (stock and orders) with the read side busy at the kill: readers on the read models, the log and replay
/// "as of"; the snapshot writer every 50 events; and a rebuild of every projection requested again and again.
/// </summary>
internal sealed class ReadSideLoad : ITrialLoad
{
    private static readonly string[] Skus = Enumerable.Range(1, 8).Select(i => $"CRASH-S{i}").ToArray();
    private long _head;

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Replay__SnapshotEvery"] = "50" };

    public int ClientCount(int clients) => clients + 3;

    public Task SetupAsync(CommandClient api, CancellationToken ct) => Commands.RegisterAsync(api, Skus, 1_000_000, ct);

    public async Task RunClientAsync(CommandClient api, int client, Random random, CancellationToken ct)
    {
        switch (client)
        {
            case 0:
                while (!ct.IsCancellationRequested)
                {
                    await api.PostAsync("/api/projections/rebuild", new JsonObject { ["reason"] = "crash trial: rebuild during the kill" }, ct);
                    await Delay(100 + random.Next(400), ct);
                }
                return;
            case 1 or 2:
                while (!ct.IsCancellationRequested)
                {
                    var head = Interlocked.Read(ref _head);
                    var path = random.Next(4) switch
                    {
                        0 => "/api/read-models/stock-levels?pageSize=50",
                        1 => "/api/read-models/dashboard",
                        2 => $"/api/events?after={Math.Max(0, head - 100)}&limit=100",
                        _ => $"/api/replay/stock-levels?position={1 + random.NextInt64(Math.Max(1, head))}",
                    };
                    await api.GetAsync(path, ct);
                }
                return;
        }
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var answer = random.Next(3) == 0
                ? await api.SendAsync(client, "PlaceOrder", Commands.Order($"S-{client}-{n}-{random.Next(1_000_000)}",
                    Skus.OrderBy(_ => random.Next()).Take(2).Select(s => (s, 1))), ct: ct)
                : await api.SendAsync(client, "ReceiveStock", Commands.Receive(Skus[random.Next(Skus.Length)], 1, $"s{n}"), ct: ct);
            if (answer is null) return;
            if (answer.Ack is { } ack) Interlocked.Exchange(ref _head, Math.Max(Interlocked.Read(ref _head), ack.LastPosition));
        }
    }

    private static async Task Delay(int ms, CancellationToken ct)
    {
        try { await Task.Delay(ms, ct); }
        catch (OperationCanceledException) { }
    }
}
