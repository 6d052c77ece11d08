using System.Net;
using System.Text.Json;
using BlazorEs.App.Health;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain.Orders;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Health;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorEs.App.Tests.Health;

/// <summary>/health/live answers while the process does; /health/ready (and /health) turns red with the check that failed named.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();
    private HttpClient _client = default!;

    public async ValueTask InitializeAsync()
    {
        _client = _factory.As("alice");
        await _client.CommandAsync("RegisterProduct", new { sku = "H-1", name = "Hasp", price = 2.5m });
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement);
    }

    /// <summary>Asks /health/ready until it answers <paramref name="expected"/>: the answer may be up to a second old (Readiness.MaxAge).</summary>
    private async Task<(HttpStatusCode Status, JsonElement Body)> WaitForReadyAsync(HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var answer = await GetAsync("/health/ready");
            if (answer.Status == expected || DateTime.UtcNow > deadline) return answer;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static JsonElement Check(JsonElement body, string name) =>
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Fact]
    public async Task ReadyNamesEachCheckAndIsGreenOnAHealthyStore()
    {
        var (status, body) = await GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(new[] { "database", "integrity", "migrations", "projections" },
            body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).Order().ToArray());
        Assert.All(body.GetProperty("checks").EnumerateArray(), c => Assert.Equal("Healthy", c.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task HealthIsTheReadyCheckAndLiveRunsNoCheck()
    {
        var (healthStatus, health) = await GetAsync("/health");
        var (liveStatus, live) = await GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, healthStatus);
        Assert.Equal(4, health.GetProperty("checks").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal(0, live.GetProperty("checks").GetArrayLength());
    }

    [Fact]
    public async Task AProjectionParkedOnAPoisonEventMakesReadyRedNamingIt()
    {
        // Two payments of decimal.MaxValue written past the domain's rules: the dashboard's revenue total overflows.
        var poison = await _factory.Services.GetRequiredService<EventStoreWriter>().AppendAsync(new AppendRequest(
            [new StreamAppend("order-X", ExpectedVersion.Any, [new OrderPaid("X", decimal.MaxValue, "P1"), new OrderPaid("X", decimal.MaxValue, "P2")])],
            new EventMetadata("mallory", "Import", Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "import")));
        var dashboard = _factory.Services.GetRequiredService<ProjectionCatalog>()[DashboardFiguresProjection.ProjectionName];
        for (var i = 0; i < 200 && (await dashboard.StatusAsync(CancellationToken.None)).ParkedAt is null; i++) await Task.Delay(50);

        var (status, body) = await WaitForReadyAsync(HttpStatusCode.ServiceUnavailable);
        var (liveStatus, _) = await GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var projections = Check(body, "projections");
        Assert.Equal("Unhealthy", projections.GetProperty("status").GetString());
        var description = projections.GetProperty("description").GetString()!;
        Assert.Contains($"{DashboardFiguresProjection.ProjectionName} is parked at position {poison.LastPosition}", description);
        Assert.DoesNotContain("   at ", description, StringComparison.Ordinal); // anonymous: the error's message, never its stack
        Assert.Contains("Value was either too large or too small for a Decimal.", description);
        Assert.Equal("Healthy", Check(body, "database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        // The app bar's indicator reads the same state: it is not ready, naming the same failing check.
        var indicator = _factory.Services.GetRequiredService<Readiness>().Current;
        Assert.Equal(HealthStatus.Unhealthy, indicator?.Status);
        Assert.Equal(description, Assert.Single(indicator!.Failing).Description);
        Assert.StartsWith($"Not ready: projections — {DashboardFiguresProjection.ProjectionName} is parked at position {poison.LastPosition}", ReadinessText.Summary(indicator));
    }

    [Fact]
    public async Task AsksAtOnceShareOneRunAndAnAnswerOlderThanASecondIsTakenAgain()
    {
        var readiness = _factory.Services.GetRequiredService<Readiness>();

        var together = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => readiness.CheckAsync(TestContext.Current.CancellationToken)));
        var first = together.MaxBy(r => r.CheckedAt)!;
        await Task.Delay(Readiness.MaxAge + TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        var later = await readiness.CheckAsync(TestContext.Current.CancellationToken);

        Assert.True(together.Cast<object>().Distinct(ReferenceEqualityComparer.Instance).Count() < together.Length, "twenty asks at once ran the checks twenty times");
        Assert.True(later.CheckedAt > first.CheckedAt, "an answer older than a second was given again");
    }

    [Fact]
    public async Task ADatabaseFileThatStopsAnsweringMakesReadyRed()
    {
        var path = new SqliteConnectionStringBuilder(_factory.Services.GetRequiredService<BlazorEs.Infrastructure.Persistence.DatabaseSettings>().ConnectionString).DataSource;
        SqliteConnection.ClearAllPools();
        await File.WriteAllTextAsync(path, "this is not a database any more", TestContext.Current.CancellationToken);
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");
        SqliteConnection.ClearAllPools();

        var (status, body) = await WaitForReadyAsync(HttpStatusCode.ServiceUnavailable);
        var (liveStatus, _) = await GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var database = Check(body, "database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.StartsWith("Event store unreachable", database.GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, liveStatus);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }
}
