using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

public sealed class ProjectionsTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private IBrowserContext? _context;

    private async Task SeedAsync()
    {
        using var api = new WarehouseApi(_server);
        for (var i = 1; i <= 5; i++)
        {
            await api.RegisterAsync($"PJ-{i}", $"Shelf bracket {i}", 4.25m * i);
            await api.ReceiveAsync($"PJ-{i}", 50 * i);
        }
        await api.PlaceOrderAsync("PJ-ORDER-1", "Vesterbro Hardware", "bob", ("PJ-1", 5), ("PJ-3", 7));
    }

    [Fact]
    public async Task AfterSeedingEveryProjectionIsLiveWithItsCheckpointAtTheHead()
    {
        BrowserSession.RequireChromium();
        await SeedAsync();
        var page = await OpenProjectionsAsync();

        var rows = page.GetByTestId("projection-row");
        await Expect(rows.First).ToBeVisibleAsync();
        Assert.True(await rows.CountAsync() >= 2, "expected several projections");
        foreach (var row in await rows.AllAsync())
        {
            await Expect(row.GetByTestId("projection-state")).ToHaveTextAsync("Live");
            await Expect(row.GetByTestId("projection-lag")).ToHaveTextAsync("up to date");
            var numbers = await row.GetByTestId("projection-numbers").InnerTextAsync();
            var match = Regex.Match(numbers, @"Checkpoint ([\d,]+) of head ([\d,]+)");
            Assert.True(match.Success, numbers);
            Assert.Equal(match.Groups[2].Value, match.Groups[1].Value);
            Assert.NotEqual("0", match.Groups[2].Value);
        }
    }

    [Fact]
    public async Task ARebuildAsksWhyShowsProgressAndEndsLiveAndVerified()
    {
        BrowserSession.RequireChromium();
        await SeedAsync();
        var page = await OpenProjectionsAsync();
        var row = page.GetByTestId("projection-row").First;
        await Expect(row.GetByTestId("projection-state")).ToHaveTextAsync("Live");

        await row.GetByTestId("projection-rebuild").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("reason-submit")).ToBeDisabledAsync();
        await dialog.GetByTestId("reason-input").FillAsync("Browser test: rebuild from position 0");
        await dialog.GetByTestId("reason-submit").ClickAsync();

        // A few dozen events rebuild in well under the 1 s refresh: progress may already be over when the page next
        // looks, so either the progress bar or the finished line proves the rebuild reported its state.
        await Expect(row.GetByTestId("rebuild-running").Or(row.GetByTestId("rebuild-done"))).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(row.GetByTestId("rebuild-done")).ToContainTextAsync("verified and swapped", new() { Timeout = 15_000 });
        await Expect(row.GetByTestId("projection-state")).ToHaveTextAsync("Live");
        await Expect(row.GetByTestId("projection-lag")).ToHaveTextAsync("up to date", new() { Timeout = 15_000 });
        await ConsolePage.ScreenshotAsync(page, "projections-after-rebuild");

        // The audit of that rebuild is on the card: requested, started, finished, each with who and why.
        await row.GetByTestId("operator-actions").Locator("summary").ClickAsync();
        var actions = row.GetByTestId("operator-action");
        await Expect(actions).ToHaveCountAsync(3, new() { Timeout = 15_000 });
        await Expect(actions.First).ToContainTextAsync("rebuild finished");
        await Expect(actions.Last).ToContainTextAsync("Browser test: rebuild from position 0");

        // Verification runs as a job and reports on the card.
        await row.GetByTestId("projection-verify").ClickAsync();
        await Expect(row.GetByTestId("verification-ok")).ToContainTextAsync("No differences", new() { Timeout = 15_000 });
        await ConsolePage.ScreenshotAsync(page, "projections-operator-actions");
    }

    private async Task<IPage> OpenProjectionsAsync()
    {
        _context = await _server.SignInAsync(session.Browser);
        return await ConsolePage.OpenAsync(_context, _server.Address + "/projections");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        await _server.DisposeAsync();
    }
}
