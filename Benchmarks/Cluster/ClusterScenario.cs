using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorEs.App.Live;
using BlazorEs.App.Tests.Cluster.Processes;
using BlazorEs.Benchmarks.Suite;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Tests.Postgres;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace BlazorEs.Benchmarks.Cluster;

/// <summary>
/// Several instances (issue 14): the built console as real processes on one shared store and one redis-server (the
/// process harness is the multi-instance tests' own, linked in), first on one SQLite file, then on a PostgreSQL
/// cluster of the suite's own (durable, as scenarios 8 and 9 start theirs). On each: commands/s at 8 clients with 1
/// and with 3 instances, the cross-instance live latency (a command sent through A or B until a hub client on C has
/// its event), and the projector's fail-over (kill -9 of the holder until another instance holds the lease). Every
/// figure names its database.
/// </summary>
public static class ClusterScenario
{
    private const int Clients = 8;

    /// <summary>Per instance and pool: three instances with two pools each stay under the cluster's max_connections (50).</summary>
    private const int PostgresPoolSize = 7;

    public static async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        if (RedisProcess.Find() is null)
        {
            result.NotMeasured = "redis-server is not installed (apt-get install -y redis-server).";
            return;
        }
        var folder = context.Folder("cluster");
        await RunOnAsync(context, result, "SQLite", Path.Combine(folder, "sqlite"), new()
        {
            ["ConnectionStrings:EventStore"] = $"Data Source={Path.Combine(folder, "cluster.db")}",
        });

        if (PostgresCluster.FindBinaries() is not { } bin)
        {
            result.Notes.Add("PostgreSQL is not installed (`apt-get install -y postgresql`): the PostgreSQL half was not measured.");
            return;
        }
        await using var cluster = await PostgresCluster.StartAsync(bin, context.Folder("cluster-postgres"));
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE blazores", connection);
            await create.ExecuteNonQueryAsync();
        }
        context.Log($"cluster: PostgreSQL {cluster.Version} on port {cluster.Port}, durable commits");
        try
        {
            await RunOnAsync(context, result, "PostgreSQL", Path.Combine(folder, "postgres"), new()
            {
                ["Database:Provider"] = "PostgreSql",
                ["ConnectionStrings:EventStore"] = cluster.ConnectionStringFor("blazores") + $";Maximum Pool Size={PostgresPoolSize}",
            });
            result.Notes.Add($"PostgreSQL {cluster.Version} (Debian's package) started by the suite on 127.0.0.1:{cluster.Port} with fsync=on and "
                + $"synchronous_commit=on, as for scenarios 8 (Marten) and 9; each instance's pools hold at most {PostgresPoolSize} connections "
                + "(three instances under the cluster's max_connections of 50).");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
        }
    }

    /// <summary>
    /// The measurements on one database (<paramref name="store"/>: its provider and connection string), with a
    /// redis-server of its own: nothing the instances keep in Redis (the hub's last position) carries over to another store.
    /// </summary>
    private static async Task RunOnAsync(BenchContext context, ScenarioResult result, string database, string folder, Dictionary<string, string> store)
    {
        var kills = context.IsSmoke ? 1 : 10;
        var liveCommands = context.IsSmoke ? 10 : 200;
        var loadFor = context.IsSmoke ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(10);
        var leaseTimeout = context.IsSmoke ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10);
        Directory.CreateDirectory(folder);
        await using var redis = await RedisProcess.StartAsync(Path.Combine(folder, "redis"));
        Dictionary<string, string> Settings(bool projector = true) => new(store)
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Cluster:LeaseTimeout"] = leaseTimeout.ToString(),
            ["Cluster:Projector"] = projector ? "true" : "false",
            ["RateLimits:Enabled"] = "false", // many commands from one address on purpose
        };

        var instances = new List<AppProcess>();
        try
        {
            instances.Add(await AppProcess.StartAsync("A", folder, Settings()));
            result.Add(Figure.Of($"{database}: commands/s, 8 clients, 1 instance", "commands/s", [await ThroughputAsync(instances.ToArray(), loadFor, "one")]));
            instances.Add(await AppProcess.StartAsync("B", folder, Settings()));
            instances.Add(await AppProcess.StartAsync("C", folder, Settings(projector: false)));
            result.Add(Figure.Of($"{database}: commands/s, 8 clients, 3 instances", "commands/s", [await ThroughputAsync(instances.ToArray(), loadFor, "three")]));

            var latencies = await LiveLatencyAsync(instances, liveCommands);
            result.Add(Figure.Of($"{database}: cross-instance live latency p50 (send via A/B → hub client on C)", "ms", [Stats.Percentile(latencies, 50)], higherIsBetter: false));
            var p95 = result.Add(Figure.Of($"{database}: cross-instance live latency p95", "ms", [Stats.Percentile(latencies, 95)], higherIsBetter: false));
            result.Targets.Add(new TargetCheck($"{database}: cross-instance live latency p95 with Redis", p95, 250, "≤ 250 ms"));

            var failovers = new List<double>();
            for (var kill = 0; kill < kills; kill++)
            {
                var c = instances[2];
                var holder = (await c.ClusterAsync()).GetProperty("projector").GetProperty("instanceId").GetString()!;
                var index = instances.FindIndex(i => i.Id == holder);
                var killedAt = Stopwatch.GetTimestamp();
                instances[index].Kill();
                while ((await c.ClusterAsync()).GetProperty("projector").GetProperty("instanceId").GetString() is var now && (now is null || now == holder))
                    await Task.Delay(10);
                failovers.Add(Stopwatch.GetElapsedTime(killedAt).TotalMilliseconds);
                context.Log($"cluster on {database}: kill {kill + 1}/{kills} of {holder}: another instance projects after {failovers[^1]:N0} ms");
                await instances[index].DisposeAsync();
                instances[index] = await AppProcess.StartAsync($"{holder[0]}{kill + 2}", folder, Settings());
            }
            result.Add(Figure.Of($"{database}: projector fail-over after kill -9 (LeaseTimeout {leaseTimeout.TotalSeconds:N0} s), median of {kills}", "ms", [Stats.Median(failovers)], higherIsBetter: false));
            result.Add(Figure.Of($"{database}: projector fail-over after kill -9, max of {kills}", "ms", [failovers.Max()], higherIsBetter: false));
            result.Notes.Add($"{database}: real processes, the built console three times on one {(database == "SQLite" ? "SQLite file (WAL)" : "PostgreSQL database")} and one redis-server on this machine, shared with the rest of the suite. Fail-over is kill -9 of the lease holder until GET /api/cluster on C names another holder; it is bounded by Cluster:LeaseTimeout ({leaseTimeout.TotalSeconds:N0} s here).");
        }
        finally
        {
            foreach (var instance in instances) await instance.DisposeAsync();
        }
    }

    /// <summary>8 clients, each on its own product, spread over the instances, for <paramref name="duration"/>.</summary>
    private static async Task<double> ThroughputAsync(AppProcess[] instances, TimeSpan duration, string run)
    {
        using var stop = new CancellationTokenSource();
        var done = 0;
        var started = Stopwatch.GetTimestamp();
        var clients = Enumerable.Range(0, Clients).Select(async i =>
        {
            var client = instances[i % instances.Length].Client;
            var sku = $"{run.ToUpperInvariant()}-{i}";
            (await client.PostAsJsonAsync("/api/commands/RegisterProduct", new { sku, name = sku, price = 1 })).EnsureSuccessStatusCode();
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.PostAsJsonAsync("/api/commands/ReceiveStock", new { sku, quantity = 1, reference = "bench" });
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref done);
            }
        }).ToList();
        stop.CancelAfter(duration);
        await Task.WhenAll(clients);
        return Math.Round(done / Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
    }

    /// <summary>One command at a time through A or B; the time until a hub client on C has its position.</summary>
    private static async Task<List<double>> LiveLatencyAsync(List<AppProcess> instances, int commands)
    {
        var c = instances[2];
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(c.Address, LiveMessageNames.HubPath), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(c.Token); // the bootstrap admin's bearer token
            })
            .Build();
        var arrived = new ConcurrentDictionary<long, long>();
        hub.On<IReadOnlyList<RecordedEvent>>(LiveMessageNames.EventsAppended, batch => { foreach (var e in batch) arrived.TryAdd(e.Position, Stopwatch.GetTimestamp()); });
        await hub.StartAsync();
        (await instances[0].Client.PostAsJsonAsync("/api/commands/RegisterProduct", new { sku = "LIVE", name = "live", price = 1 })).EnsureSuccessStatusCode();
        var latencies = new List<double>();
        for (var i = 0; i < commands; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            using var response = await instances[i % 2].Client.PostAsJsonAsync("/api/commands/ReceiveStock", new { sku = "LIVE", quantity = 1, reference = $"L{i}" });
            response.EnsureSuccessStatusCode();
            var position = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastPosition").GetInt64();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            long at;
            while (!arrived.TryGetValue(position, out at) && DateTime.UtcNow < deadline) await Task.Delay(1);
            if (at != 0) latencies.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
        }
        return latencies;
    }
}
