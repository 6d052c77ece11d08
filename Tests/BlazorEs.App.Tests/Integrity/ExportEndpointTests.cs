using BlazorEs.App.Export;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Export;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Integrity;

/// <summary>GET /api/export/events over real HTTP, and the offline verify-export command on the file it gave.</summary>
public sealed class ExportEndpointTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "blazores-tests", "export-" + Guid.NewGuid().ToString("N"));

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var admin = _factory.As("dave");
        await admin.CommandAsync("RegisterProduct", new { sku = "BOLT-M8", name = "Hex bolt M8", price = 8.90m });
        await admin.CommandAsync("ReceiveStock", new { sku = "BOLT-M8", quantity = 10, reference = "PO-1, \"urgent\"\nsecond line" });
        await admin.CommandAsync("RegisterProduct", new { sku = "NUT-M8", name = "Hex nut M8", price = 1.10m });
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private async Task<string> DownloadAsync(HttpClient client, string query, string name)
    {
        using var response = await client.GetAsync("/api/export/events?" + query);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("blazores-events_", response.Content.Headers.ContentDisposition?.FileName);
        var file = Path.Combine(_folder, name);
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        return file;
    }

    private static (int Exit, string Output) VerifyOffline(string file, string key)
    {
        var output = new StringWriter();
        Assert.True(VerifyExportCommand.TryRun([VerifyExportCommand.Name, file, "--key", key], output, out var exit));
        return (exit, output.ToString());
    }

    [Theory]
    [InlineData("format=jsonl", 3)]
    [InlineData("format=csv", 3)]
    [InlineData("format=jsonl&stream=product-BOLT-M8", 2)]
    [InlineData("format=csv&after=1&before=3", 1)]
    public async Task AnAuditorsExportVerifiesOfflineAndAnEditedOneDoesNot(string query, int events)
    {
        var file = await DownloadAsync(_factory.As("ann", ConsoleRoles.Auditor), query, "events.export");

        var (exit, output) = VerifyOffline(file, ApiFactory.TestSigningKey);
        Assert.True(exit == 0, output);
        Assert.Contains($"{events} events", output);
        Assert.Contains("VERIFIED", output);

        var text = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, text.Replace("dave", "davy"));
        (exit, output) = VerifyOffline(file, ApiFactory.TestSigningKey);
        Assert.Equal(1, exit);
        Assert.Contains("NOT VERIFIED", output);
    }

    [Fact]
    public async Task TheExportIsRecordedWithTheSignedInUser()
    {
        await DownloadAsync(_factory.As("ann", ConsoleRoles.Auditor), "format=jsonl&type=ProductRegistered", "audit.jsonl");

        var reader = _factory.Services.GetRequiredService<EventReader>();
        var audit = await reader.ReadStreamAsync(ExportStreams.Audit);
        Assert.Equal(2, audit.Count); // started, then complete
        Assert.All(audit, e => Assert.Equal("ann", e.Metadata.UserId));
        Assert.Equal("type=ProductRegistered", Assert.IsType<EventsExportStarted>(audit[0].Data).Filters);
        var exported = Assert.IsType<EventsExported>(audit[1].Data);
        Assert.Equal(("type=ProductRegistered", 2L), (exported.Filters, exported.Count));
    }

    [Fact]
    public async Task AViewerOrOperatorIsRefusedAndBadInputIsAProblemWritingNothing()
    {
        using (var viewer = await _factory.As("vera", ConsoleRoles.Viewer).GetAsync("/api/export/events"))
            Assert.Equal(403, (int)viewer.StatusCode);
        using (var op = await _factory.As("otto", ConsoleRoles.Operator).GetAsync("/api/export/events"))
            Assert.Equal(403, (int)op.StatusCode);
        var auditor = _factory.As("ann", ConsoleRoles.Auditor);
        foreach (var bad in new[] { "format=xml", "after=5&before=2", "type=NoSuchEvent", "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z" })
        {
            using var response = await auditor.GetAsync("/api/export/events?" + bad);
            Assert.Equal(400, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Empty(await _factory.Services.GetRequiredService<EventReader>().ReadStreamAsync(ExportStreams.Audit));
    }

    [Fact]
    public async Task TheCountAnswersBeforeTheExport()
    {
        var count = await _factory.As("ann", ConsoleRoles.Auditor).GetJsonAsync("/api/export/events/count?stream=product-NUT-M8");
        Assert.Equal(1, count.GetProperty("count").GetInt64());
    }

    [Fact]
    public void TheCommandSaysHowToUseItAndRefusesAMissingFileOrABadKey()
    {
        var output = new StringWriter();
        Assert.True(VerifyExportCommand.TryRun([VerifyExportCommand.Name], output, out var exit));
        Assert.Equal(2, exit);
        Assert.Contains("usage", output.ToString());
        Assert.Equal(2, VerifyOffline(Path.Combine(_folder, "none.jsonl"), ApiFactory.TestSigningKey).Exit);
        File.WriteAllText(Path.Combine(_folder, "x.jsonl"), "");
        Assert.Equal(2, VerifyOffline(Path.Combine(_folder, "x.jsonl"), "not base64!").Exit);
        Assert.False(VerifyExportCommand.TryRun(["--urls", "http://x"], output, out _));
    }
}
