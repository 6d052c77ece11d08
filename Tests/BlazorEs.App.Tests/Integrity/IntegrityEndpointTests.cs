using System.Text.Json;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Integrity;

public sealed class IntegrityEndpointTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();
    private HttpClient _client = default!;
    private HttpClient _viewer = default!;

    public async ValueTask InitializeAsync()
    {
        _client = _factory.As("dave");
        _viewer = _factory.As("vera", ConsoleRoles.Viewer);
        await _client.CommandAsync("RegisterProduct", new { sku = "BOLT-M8", name = "Hex bolt M8", price = 8.90m });
        await _client.CommandAsync("ReceiveStock", new { sku = "BOLT-M8", quantity = 10, reference = "PO-1" });
        await _client.CommandAsync("ReceiveStock", new { sku = "BOLT-M8", quantity = 5, reference = "PO-2" });
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ACleanStoreIsIntactThroughItsHeadAndSignsACheckpoint()
    {
        var status = await WaitForAsync(s => s.GetProperty("state").GetString() == "intact" && s.GetProperty("verifiedThrough").GetInt64() == 3
            && s.GetProperty("lastCheckpoint").ValueKind == JsonValueKind.Object);

        Assert.Equal(3, status.GetProperty("head").GetInt64());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("firstBreak").ValueKind);
        // The first verified head is signed at once; the next after 1,000 events or a minute.
        Assert.InRange(status.GetProperty("lastCheckpoint").GetProperty("position").GetInt64(), 1, 3);
        Assert.True(status.GetProperty("lastCheckpoint").GetProperty("signatureValid").GetBoolean());
    }

    [Fact]
    public async Task AnEditedEventTurnsTheStateBrokenWithItsPositionWhileCommandsAndHealthGoOn()
    {
        await WaitForAsync(s => s.GetProperty("state").GetString() == "intact");
        var store = _factory.Services.GetRequiredService<StoreContextFactory>();
        await using (var connection = new SqliteConnection(store.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = "DROP TRIGGER Events_NoUpdate; DROP TRIGGER Events_HashOnce; DROP TRIGGER IntegrityCheckpoints_NoUpdate; DROP TRIGGER IntegrityCheckpoints_NoDelete; "
                + "UPDATE Events SET Data = replace(Data, '10', '99') WHERE Position = 2; " + SqliteSql.ChainedEventsTriggers;
            await tamper.ExecuteNonQueryAsync();
        }

        using (var refused = await _viewer.PostAsync("/api/integrity/verify", null))
            Assert.Equal(403, (int)refused.StatusCode);
        using (var verify = await _factory.As("ann", ConsoleRoles.Auditor).PostAsync("/api/integrity/verify", null))
            Assert.Equal(202, (int)verify.StatusCode);
        var status = await WaitForAsync(s => s.GetProperty("state").GetString() == "broken");

        var first = status.GetProperty("firstBreak");
        Assert.Equal(2, first.GetProperty("position").GetInt64());
        Assert.Equal("edited", first.GetProperty("kind").GetString());
        Assert.Contains("99", first.GetProperty("stored").GetProperty("data").GetString());
        Assert.NotEqual(first.GetProperty("storedHash").GetString(), first.GetProperty("expectedHash").GetString());
        // Loud, but nothing stops: health says Degraded, commands still commit (and chain on from the stored head).
        using (var health = await _factory.CreateClient().GetAsync("/health"))
            Assert.Contains("Degraded", await health.Content.ReadAsStringAsync());
        var result = await _client.CommandAsync("ReceiveStock", new { sku = "BOLT-M8", quantity = 1, reference = "PO-3" });
        // Position 4 is the verification request, recorded in the integrity audit stream with the auditor's name.
        Assert.Equal(5, result.GetProperty("lastPosition").GetInt64());
        await WaitForAsync(s => s.GetProperty("verifiedThrough").GetInt64() == 5 && s.GetProperty("breaks").GetArrayLength() == 1);
        var audit = await _factory.Services.GetRequiredService<BlazorEs.Infrastructure.EventStore.EventReader>().ReadStreamAsync(IntegrityAudit.Stream);
        Assert.Equal("ann", Assert.Single(audit).Metadata.UserId);
    }

    /// <summary>Polls GET /api/integrity until <paramref name="done"/> holds (the monitor works in the background).</summary>
    private async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = await _viewer.GetJsonAsync("/api/integrity");
            if (done(status)) return status;
            Assert.True(DateTime.UtcNow < deadline, $"The integrity state never got there: {status}");
            await Task.Delay(100);
        }
    }
}
