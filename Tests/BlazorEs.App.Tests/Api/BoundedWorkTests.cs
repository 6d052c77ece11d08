using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.Limits;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Api;

/// <summary>Every request does bounded work: verification as a job, paged history and replays, a bounded writer queue, rate limits.</summary>
public sealed class BoundedWorkTests : IAsyncLifetime
{
    private readonly ApiFactory _api = new();
    private WebApplicationFactory<Program> _app = default!;
    private HttpClient _client = default!;

    private Dictionary<string, string?> Settings { get; } = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private void Start()
    {
        _app = _api.WithWebHostBuilder(b => { foreach (var (k, v) in Settings) b.UseSetting(k, v); });
        _client = _app.As("dave");
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        await _api.DisposeAsync();
    }

    private async Task ProductsAsync(int count)
    {
        for (var i = 1; i <= count; i++)
            await _client.CommandAsync("RegisterProduct", new { sku = $"P-{i:D2}", name = $"Part {i}", price = 1m * i });
    }

    [Fact]
    public async Task VerificationIsABackgroundJobWithAtMostOnePerProjection()
    {
        Start();
        await ProductsAsync(3);
        using var held = await _app.Services.GetRequiredService<WorkGates>().WaitAsync(WorkKind.Verification, CancellationToken.None);

        using var started = await _client.PostAsync("/api/projections/StockLevels/verify", null);
        using var twice = await _client.PostAsync("/api/projections/StockLevels/verify", null);
        var queued = await _client.GetJsonAsync("/api/projections/StockLevels/verify");
        held.Dispose();
        var done = await WaitForVerificationAsync("StockLevels");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Contains("already being verified", (await twice.AssertProblemAsync(409)).GetProperty("detail").GetString());
        Assert.Equal("Queued", queued.GetProperty("state").GetString());
        Assert.True(done.GetProperty("healthy").GetBoolean());
        Assert.Equal(3, done.GetProperty("checkpoint").GetInt64());
        Assert.Equal(0, done.GetProperty("differenceCount").GetInt32());
        using var unknown = await _client.PostAsync("/api/projections/Nope/verify", null);
        await unknown.AssertProblemAsync(404);
        using var never = await _client.GetAsync("/api/projections/OrderSummaries/verify");
        await never.AssertProblemAsync(404);
    }

    private async Task<JsonElement> WaitForVerificationAsync(string projection)
    {
        while (true)
        {
            var job = await _client.GetJsonAsync($"/api/projections/{projection}/verify");
            if (job.GetProperty("state").GetString() is "Done" or "Failed") return job;
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task AStreamIsReadInPagesWithItsTotal()
    {
        Start();
        await ProductsAsync(1);
        for (var i = 0; i < 120; i++) await _client.CommandAsync("ReceiveStock", new { sku = "P-01", quantity = 1, reference = $"PO-{i}" });

        var first = await _client.GetJsonAsync("/api/streams/product-P-01");
        var second = await _client.GetJsonAsync($"/api/streams/product-P-01?after={first.GetProperty("next").GetInt64()}&limit=50");

        Assert.Equal((100, 121L, 100L), (first.GetProperty("events").GetArrayLength(), first.GetProperty("total").GetInt64(), first.GetProperty("next").GetInt64()));
        Assert.Equal(21, second.GetProperty("events").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal(101, second.GetProperty("events")[0].GetProperty("streamVersion").GetInt64());
        foreach (var bad in new[] { "limit=1001", "limit=0", "after=-1", "after=99999999999999999999", "limit=2147483648" })
        {
            using var response = await _client.GetAsync($"/api/streams/product-P-01?{bad}");
            await response.AssertProblemAsync(400);
        }
    }

    [Fact]
    public async Task AReplayedReadModelAndADiffArePagedWithTotals()
    {
        Start();
        await ProductsAsync(7);

        var page = await _client.GetJsonAsync("/api/replay/stock-levels?position=7&page=2&pageSize=3");
        var diff = await _client.GetJsonAsync("/api/replay/diff?from=0&to=7&pageSize=2");

        Assert.Equal((3, 7, 2, 3), (page.GetProperty("rows").GetArrayLength(), page.GetProperty("total").GetInt32(),
            page.GetProperty("page").GetInt32(), page.GetProperty("pageSize").GetInt32()));
        var stock = diff.GetProperty("readModels").EnumerateArray().Single(m => m.GetProperty("projection").GetString() == "StockLevels");
        Assert.Equal((7, 2), (stock.GetProperty("addedTotal").GetInt32(), stock.GetProperty("added").GetArrayLength()));
        foreach (var bad in new[] { "page=0", "pageSize=501", $"page={int.MaxValue}", "pageSize=-1", "page=1e3" })
        {
            using var response = await _client.GetAsync($"/api/replay/stock-levels?position=7&{bad}");
            await response.AssertProblemAsync(400);
        }
    }

    [Fact]
    public async Task PageTimesPageSizeCannotOverflowOnTheReadModels()
    {
        Start();
        foreach (var query in new[] { $"page={int.MaxValue}&pageSize=500", "page=4294967297", $"page={int.MaxValue / 500}&pageSize=500" })
        {
            using var response = await _client.GetAsync($"/api/read-models/stock-levels?{query}");
            Assert.True((int)response.StatusCode < 500, $"{query}: {(int)response.StatusCode}");
        }
        var last = await _client.GetJsonAsync($"/api/read-models/order-summaries?page={int.MaxValue / 500}&pageSize=500");
        Assert.Equal(0, last.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AFullWriterQueueAnswers503WithRetryAfterAndLosesNothingItAcknowledged()
    {
        Settings["Limits:WriterQueue"] = "1";
        Start();
        await ProductsAsync(8); // one stream each: commands on one stream take turns before they reach the writer
        var before = await _api.CountEventsAsync();
        var database = _app.Services.GetRequiredService<DatabaseSettings>().ConnectionString;

        HttpResponseMessage[] responses;
        await using (var blocker = new SqliteConnection(database))
        {
            await blocker.OpenAsync();
            await using var hold = blocker.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE"; // the writer's next batch waits for this lock
            await hold.ExecuteNonQueryAsync();
            var sending = Enumerable.Range(0, 8).Select(i => _client.SendCommandAsync("ReceiveStock", new { sku = $"P-{i + 1:D2}", quantity = 1, reference = $"PO-{i}" })).ToList();
            var busy = await Task.WhenAny(sending); // with the writer held, the first answers are refusals, not hangs
            await hold.DisposeAsync();
            await using var release = blocker.CreateCommand();
            release.CommandText = "ROLLBACK";
            await release.ExecuteNonQueryAsync();
            responses = await Task.WhenAll(sending);
        }

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        var accepted = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.True(refused.Count > 0, string.Join(", ", responses.Select(r => (int)r.StatusCode)));
        Assert.Equal(responses.Length, refused.Count + accepted.Count);
        foreach (var r in refused)
        {
            Assert.NotNull(r.Headers.RetryAfter);
            Assert.Contains("commands waiting", (await r.AssertProblemAsync(503)).GetProperty("detail").GetString());
        }
        Assert.Equal(before + accepted.Count, await _api.CountEventsAsync());
    }

    [Fact]
    public async Task CommandsAndExpensiveReadsAreRateLimitedPerClientWith429AndRetryAfter()
    {
        Settings["RateLimits:Commands:PermitLimit"] = "3";
        Settings["RateLimits:Commands:WindowSeconds"] = "600";
        Settings["RateLimits:ExpensiveReads:PermitLimit"] = "2";
        Settings["RateLimits:ExpensiveReads:WindowSeconds"] = "600";
        Start();
        await ProductsAsync(3);

        using var fourth = await _client.SendCommandAsync("RegisterProduct", new { sku = "P-04", name = "Part 4", price = 4m });
        using var compensation = await _client.PostAsJsonAsync("/api/compensations/whatever", new { reason = "x" });
        using var read1 = await _client.GetAsync("/api/events");
        using var read2 = await _client.GetAsync("/api/streams/product-P-01");
        using var read3 = await _client.GetAsync("/api/replay/stock-levels?position=1");
        using var cheap = await _client.GetAsync("/api/read-models/stock-levels");

        foreach (var refused in new[] { fourth, compensation, read3 })
        {
            var problem = await refused.AssertProblemAsync(429);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Contains("Too many", problem.GetProperty("detail").GetString());
        }
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (read1.StatusCode, read2.StatusCode, cheap.StatusCode));
        Assert.Equal(3, await _api.CountEventsAsync());
    }
}
