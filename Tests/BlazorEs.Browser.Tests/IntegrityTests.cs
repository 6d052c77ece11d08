using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.Export;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BlazorEs.Browser.Tests.ConsolePage;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>
/// The integrity screen in Chromium: intact on a clean store, broken (red shield, the position and the stored row)
/// after a row of the SQLite file is edited around the triggers; the timeline's Export… downloads a file that verifies.
/// </summary>
public sealed class IntegrityTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private IBrowserContext? _context;

    private async Task SeedAsync()
    {
        using var api = new WarehouseApi(_server);
        await api.RegisterAsync("ROPE-9", "Climbing rope", 39.90m, user: "dave");
        await api.ReceiveAsync("ROPE-9", 40, user: "carol");
        await api.RegisterAsync("HELMET-2", "Helmet", 59.00m, user: "dave");
    }

    private string DatabaseFile => new SqliteConnectionStringBuilder(_server.Services.GetRequiredService<StoreContextFactory>().ConnectionString).DataSource;

    [Fact]
    public async Task TheScreenShowsIntactThenTheBreakAfterARowIsEditedInTheFile()
    {
        BrowserSession.RequireChromium();
        await SeedAsync();
        _context = await _server.SignInAsync(session.Browser, ConsoleRoles.Auditor, "ann");
        var page = await OpenAsync(_context, _server.Address + "/integrity");

        await Expect(page.GetByTestId("integrity-page-state")).ToContainTextAsync("Intact", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("integrity-state")).ToHaveAttributeAsync("data-state", "intact");
        await Expect(page.GetByTestId("integrity-checkpoint")).ToContainTextAsync("signature verifies", new() { Timeout = 20_000 });
        await ScreenshotAsync(page, "integrity-intact");

        // What whoever holds the database login can do: drop the triggers, edit a row, put them back.
        await using (var connection = new SqliteConnection($"Data Source={DatabaseFile}"))
        {
            await connection.OpenAsync();
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = "DROP TRIGGER Events_NoUpdate; DROP TRIGGER Events_HashOnce; DROP TRIGGER IntegrityCheckpoints_NoUpdate; DROP TRIGGER IntegrityCheckpoints_NoDelete; "
                + "UPDATE Events SET Data = replace(Data, '40', '400') WHERE Position = 2; " + SqliteSql.ChainedEventsTriggers;
            await tamper.ExecuteNonQueryAsync();
        }
        await page.GetByTestId("integrity-verify").ClickAsync();

        await Expect(page.GetByTestId("integrity-page-state")).ToContainTextAsync("Broken", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("integrity-state")).ToHaveAttributeAsync("data-state", "broken");
        await Expect(page.GetByTestId("integrity-break-alert")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("integrity-break-position")).ToHaveTextAsync("2");
        await Expect(page.Locator("body")).ToContainTextAsync("400");
        await ScreenshotAsync(page, "integrity-broken");
    }

    [Fact]
    public async Task TheTimelinesExportDownloadsAFileThatVerifiesAndAViewerSeesItDisabled()
    {
        BrowserSession.RequireChromium();
        await SeedAsync();
        _context = await _server.SignInAsync(session.Browser, ConsoleRoles.Auditor, "ann");
        var page = await OpenAsync(_context, _server.Address + "/timeline?stream=product-ROPE-9");

        await page.GetByTestId("timeline-export").ClickAsync();
        await Expect(page.GetByTestId("export-count")).ToContainTextAsync("2 events match: stream product-ROPE-9", new() { Timeout = 15_000 });
        await ScreenshotAsync(page, "timeline-export");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-jsonl").ClickAsync());
        var file = Path.Combine(Path.GetDirectoryName(DatabaseFile)!, download.SuggestedFilename);
        await download.SaveAsAsync(file);

        Assert.Contains("stream-product-ROPE-9", download.SuggestedFilename);
        var key = new IntegrityKey(Convert.FromBase64String(await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(DatabaseFile)!, "integrity.key"))));
        var result = ExportVerifier.Verify(file, key);
        Assert.True(result.Verifies, string.Join("; ", result.Problems));
        Assert.Equal((2L, "ann"), (result.Events, result.Manifest!.ExportedBy));

        await using var viewer = await _server.SignInAsync(session.Browser, ConsoleRoles.Viewer, "vera");
        var viewerPage = await OpenAsync(viewer, _server.Address + "/timeline");
        await Expect(viewerPage.GetByTestId("timeline-export")).ToBeDisabledAsync();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        await _server.DisposeAsync();
    }
}
