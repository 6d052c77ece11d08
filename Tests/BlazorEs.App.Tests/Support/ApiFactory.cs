using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BlazorEs.Infrastructure.EventStore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BlazorEs.App.Tests.Support;

/// <summary>The whole app in memory on its own temp SQLite file, demo seeding off. One per test class.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>The integrity key of every test host: base64 of 32 fixed bytes (a test key, never a real one).</summary>
    public const string TestSigningKey = "dGVzdC1vbmx5IGludGVncml0eSBrZXkgMzIgYnl0ZXM=";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "blazores-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Where the store's file goes instead of a temp folder of its own (a fault test's small file system); the caller cleans it up.</summary>
    public string? DatabaseFolder { get; init; }

    /// <summary>Settings on top of the test defaults (e.g. RateLimits:Enabled=false for a fuzz run of thousands of requests).</summary>
    public IReadOnlyDictionary<string, string>? Settings { get; init; }

    /// <summary>Keeps what the server logs at Warning and above (<see cref="ServerLog"/>), for a test whose failure should show the server's side.</summary>
    public bool KeepServerLog { get; init; }

    /// <summary>What the server logged at Warning and above, with exceptions, when <see cref="KeepServerLog"/> is on.</summary>
    public FakeLogCollector? ServerLog => KeepServerLog ? Services.GetFakeLogCollector() : null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        Directory.CreateDirectory(_folder);
        builder.UseSetting("ConnectionStrings:EventStore", $"Data Source={Path.Combine(DatabaseFolder ?? _folder, "store.db")}");
        builder.UseSetting("Seed:Enabled", "false");
        // A fixed key, so a test that starts the app in Production (no Development key file) or restarts it verifies the same checkpoints.
        builder.UseSetting("Integrity:SigningKey", TestSigningKey);
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            if (!KeepServerLog) return;
            logging.AddFakeLogging(o => o.FilteredLevels = new HashSet<LogLevel> { LogLevel.Warning, LogLevel.Error, LogLevel.Critical });
        });
    }

    /// <summary>Events in the store, counted directly rather than through the API under test.</summary>
    public Task<int> CountEventsAsync() => Services.GetRequiredService<EventReader>().CountAsync(EventFilter.None);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Talking to the API the way a client would; sign the client in first (<see cref="SignedInClients"/>).</summary>
public static class ApiCalls
{
    public static Task<HttpResponseMessage> SendCommandAsync(
        this HttpClient client, string name, object body, string? idempotencyKey = null, string? correlationId = null) =>
        client.SendCommandAsync(name, JsonSerializer.Serialize(body), "application/json", idempotencyKey, correlationId);

    public static async Task<HttpResponseMessage> SendCommandAsync(
        this HttpClient client, string name, string body, string? contentType,
        string? idempotencyKey = null, string? correlationId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/commands/{name}")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (correlationId is not null) request.Headers.Add("X-Correlation-Id", correlationId);
        return await client.SendAsync(request);
    }

    /// <summary>Sends a command that must succeed and returns its result.</summary>
    public static async Task<JsonElement> CommandAsync(this HttpClient client, string name, object body)
    {
        using var response = await client.SendCommandAsync(name, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{name} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with <paramref name="status"/>: never a 500, never a stack trace. Returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}
