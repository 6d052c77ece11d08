using System.Net;
using BlazorEs.App.Tests.Support;

namespace BlazorEs.App.Tests.Telemetry;

/// <summary>/metrics answers Prometheus's text format with the metrics the README names, after a few commands.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();

    [Fact]
    public async Task AfterAFewCommandsTheScrapeHasTheNamedMetrics()
    {
        var client = _factory.As();
        for (var i = 1; i <= 3; i++) await client.CommandAsync("RegisterProduct", new { sku = $"M-{i}", name = $"Meter {i}", price = 1m * i });
        using (var refused = await client.SendCommandAsync("ReceiveStock", new { sku = "NOPE", quantity = 1, reference = "R-1" })) Assert.False(refused.IsSuccessStatusCode);
        (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).Dispose(); // the projections' gauges come from the last readiness run

        using var scraper = _factory.CreateClient(); // scrapers do not sign in
        var scrape = "";
        for (var i = 0; i < 50 && !scrape.Contains("blazores_commands_total", StringComparison.Ordinal); i++)
        {
            if (i > 0) await Task.Delay(100);
            using var response = await scraper.GetAsync("/metrics", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            scrape = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        }

        foreach (var metric in new[]
                 {
                     "blazores_events_appended_total", "blazores_commands_total", "blazores_append_batch_commands", "blazores_projection_lag_events",
                     "blazores_projection_lag_seconds", "blazores_projection_parked", "blazores_message_duration_milliseconds", "http_server_request_duration_seconds",
                 })
            Assert.Contains(metric, scrape);
        Assert.Contains("outcome=\"ok\"", scrape);
        Assert.Contains("outcome=\"rejected\"", scrape);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "metrics-scrape.txt"), scrape, TestContext.Current.CancellationToken);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
