using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorEs.App.Live;
using BlazorEs.App.Tests.Cluster.Processes;
using BlazorEs.Infrastructure.EventStore;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using BlazorEs.Tests.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BlazorEs.App.Tests.Cluster;

/// <summary>
/// Real processes: three instances of the built console on one shared store (one SQLite file, or a PostgreSQL cluster
/// of its own) and one Redis, eight clients spread over
/// them, and the projector killed with kill -9 mid-load, twice. Afterwards every acknowledged command's event is
/// stored once, every projection verifies clean, no receipt was applied twice (stock = the sum acknowledged), the lease
/// moved to another instance at a higher epoch within the timeout after it lapsed, and a hub client on instance C
/// (which never projects, so it stays up) was sent every event made through any instance in order and none twice; a
/// projector killed between storing its hub position and sending may leave one gap per kill, which the client fills
/// with EventsAfter as the hub's protocol says.
/// </summary>
public sealed class MultiProcessTests
{
    private const int Clients = 8;
    private const int Kills = 2;
    private static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task KillingTheProjectorMidLoadLosesNothingAppliesNothingTwiceAndMovesTheLease(string provider)
    {
        if (RedisProcess.Find() is null) Assert.Skip("redis-server is not installed (.ci/run installs it: apt-get install -y redis-server).");
        var postgresBinaries = PostgresCluster.FindBinaries();
        if (provider == "PostgreSql" && postgresBinaries is null) Assert.Skip("PostgreSQL is not installed (.ci/run installs it: apt-get install -y postgresql).");
        var ct = TestContext.Current.CancellationToken;
        var folder = Path.Combine(Path.GetTempPath(), "blazores-cluster", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await using var redis = await RedisProcess.StartAsync(Path.Combine(folder, "redis"));
        var postgres = provider == "PostgreSql" ? await PostgresCluster.StartAsync(postgresBinaries!, Path.Combine(folder, "pg"), durable: false) : null;
        var database = postgres?.ConnectionStringFor("blazores") ?? $"Data Source={Path.Combine(folder, "cluster.db")}";
        Dictionary<string, string> Settings(bool projector = true) => new()
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:EventStore"] = database,
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Cluster:LeaseTimeout"] = LeaseTimeout.ToString(),
            ["Cluster:Projector"] = projector ? "true" : "false",
            ["RateLimits:Enabled"] = "false", // many commands from one address on purpose
        };

        var instances = new AppProcess[3];
        try
        {
            instances[0] = await AppProcess.StartAsync("A", folder, Settings());
            instances[1] = await AppProcess.StartAsync("B", folder, Settings());
            instances[2] = await AppProcess.StartAsync("C", folder, Settings(projector: false));
            var c = instances[2];

            await using var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(c.Address, LiveMessageNames.HubPath), o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                    o.AccessTokenProvider = () => Task.FromResult<string?>(c.Token);
                })
                .Build();
            var seen = new ConcurrentQueue<long>();
            hub.On<IReadOnlyList<RecordedEvent>>(LiveMessageNames.EventsAppended, batch => { foreach (var e in batch) seen.Enqueue(e.Position); });
            await hub.StartAsync(ct);
            var start = await hub.InvokeAsync<long>(nameof(LiveHub.Head), ct);

            using var stop = new CancellationTokenSource();
            var load = new ClusterLoad(instances);
            var clients = Enumerable.Range(0, Clients).Select(i => Task.Run(() => load.RunClientAsync(i, stop.Token), ct)).ToList();

            var moves = new List<(string From, long Epoch, DateTime ExpiresAt, string To, long NewEpoch, DateTime AcquiredAt)>();
            for (var kill = 0; kill < Kills; kill++)
            {
                await load.WaitForAcknowledgedAsync((kill + 1) * 40, ct);
                var before = (await c.ClusterAsync()).GetProperty("projector");
                var holder = before.GetProperty("instanceId").GetString()!;
                var index = Array.FindIndex(instances, i => i.Id == holder);
                Assert.True(index is 0 or 1, $"the projector is {holder}");
                instances[index].Kill();
                var after = await WaitForNewProjectorAsync(c, holder, ct);
                moves.Add((holder, before.GetProperty("epoch").GetInt64(), before.GetProperty("leaseExpiresAt").GetDateTime().ToUniversalTime(),
                    after.GetProperty("instanceId").GetString()!, after.GetProperty("epoch").GetInt64(), after.GetProperty("acquiredAt").GetDateTime().ToUniversalTime()));
                await instances[index].DisposeAsync();
                instances[index] = await AppProcess.StartAsync($"{holder[0]}{kill + 2}", folder, Settings());
            }
            await load.WaitForAcknowledgedAsync((Kills + 1) * 40, ct);
            await stop.CancelAsync();
            await Task.WhenAll(clients);

            // The last command waits for every projection on C, which follows the projector's stored checkpoints.
            using var last = await c.Client.PostAsJsonAsync("/api/commands/ReceiveStock?wait=true", new { sku = "K0", quantity = 1, reference = "last" }, ct);
            Assert.Equal(HttpStatusCode.OK, last.StatusCode);
            load.Acknowledge(0, 1);
            var head = (await last.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("lastPosition").GetInt64();

            // Every acknowledged command's event is stored, once (retries on another instance carried the same idempotency key).
            Assert.Equal(Clients + load.Receipts, await CountEventsAsync(provider, database));
            // No receipt applied twice, none lost: each product's stock is the sum acknowledged for it.
            var stock = (await c.Client.GetFromJsonAsync<JsonElement>("/api/read-models/stock-levels?pageSize=100", ct)).GetProperty("items");
            foreach (var row in stock.EnumerateArray())
                Assert.Equal(load.OnHand(row.GetProperty("sku").GetString()!), row.GetProperty("onHand").GetInt32());
            foreach (var name in new[] { "StockLevels", "OrderSummaries", "LowStockAlerts", "DashboardFigures" })
            {
                var verify = await VerifyAsync(c, name, ct);
                Assert.True(verify.GetProperty("healthy").GetBoolean(), $"{name}: {verify}");
            }
            foreach (var move in moves)
            {
                Assert.NotEqual(move.From, move.To);
                Assert.True(move.NewEpoch > move.Epoch);
                // Taken within one lease timeout after the killed holder's lease lapsed (read from the lease row itself).
                Assert.True(move.AcquiredAt - move.ExpiresAt < LeaseTimeout, $"{move.To} took the lease {move.AcquiredAt - move.ExpiresAt} after {move.From}'s expired");
            }

            // The hub client on C saw every event, made through any instance, once and in order.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!seen.Contains(head) && DateTime.UtcNow < deadline) await Task.Delay(50, ct);
            var positions = seen.Where(p => p > start).ToList();
            Assert.True(positions.Zip(positions.Skip(1)).All(p => p.First < p.Second), "hub messages came out of order or twice: " + string.Join(",", positions));
            var gaps = positions.Zip(positions.Skip(1)).Count(p => p.Second != p.First + 1) + (positions.Count > 0 && positions[0] != start + 1 ? 1 : 0);
            Assert.True(gaps <= Kills, $"{gaps} gaps in the hub messages for {Kills} kills");
            var filled = positions.Count == 0 ? [] : await hub.InvokeAsync<IReadOnlyList<RecordedEvent>>(nameof(LiveHub.EventsAfter), start, ct);
            var all = positions.Union(filled.Select(e => e.Position)).Where(p => p <= head).Order();
            Assert.Equal(Enumerable.Range((int)start + 1, (int)(head - start)).Select(p => (long)p), all);
        }
        finally
        {
            foreach (var instance in instances.Where(i => i is not null)) await instance.DisposeAsync();
            if (postgres is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await postgres.DisposeAsync();
            }
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Starts a verification job on <paramref name="instance"/> (it checks the stored rows against a replay) and waits for it.</summary>
    private static async Task<JsonElement> VerifyAsync(AppProcess instance, string projection, CancellationToken ct)
    {
        using (var started = await instance.Client.PostAsync($"/api/projections/{projection}/verify", null, ct))
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await instance.Client.GetFromJsonAsync<JsonElement>($"/api/projections/{projection}/verify", ct);
            var state = job.GetProperty("state").GetString();
            if (state is "Done" or "Failed" || DateTime.UtcNow > deadline) return job;
            await Task.Delay(50, ct);
        }
    }

    private static async Task<JsonElement> WaitForNewProjectorAsync(AppProcess c, string killed, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var projector = (await c.ClusterAsync()).GetProperty("projector");
            if (projector.GetProperty("instanceId").GetString() is { } id && id != killed) return projector;
            await Task.Delay(50, ct);
        }
        throw new TimeoutException($"No instance took the projector lease after {killed} was killed.");
    }

    /// <summary>The stored events, counted in the database itself rather than through the API under test.</summary>
    private static async Task<long> CountEventsAsync(string provider, string database)
    {
        await using System.Data.Common.DbConnection connection = provider == "PostgreSql"
            ? new NpgsqlConnection(database)
            : new SqliteConnection(database + ";Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Events";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
