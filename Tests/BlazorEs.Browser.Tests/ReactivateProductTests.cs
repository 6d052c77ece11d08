using Microsoft.Playwright;
using static BlazorEs.Browser.Tests.ConsolePage;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>The newest command end to end in Chromium: a discontinued product's row offers Reactivate, and it works.</summary>
public sealed class ReactivateProductTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private IBrowserContext? _context;

    [Fact]
    public async Task ADiscontinuedProductIsReactivatedFromItsRow()
    {
        BrowserSession.RequireChromium();
        using (var api = new WarehouseApi(_server))
        {
            await api.RegisterAsync("LAMP-7", "Desk lamp", 24.90m);
            await api.ReceiveAsync("LAMP-7", 12);
            await api.SendAsync("DiscontinueProduct", new { sku = "LAMP-7" });
        }
        _context = await _server.SignInAsync(session.Browser);
        var page = await OpenAsync(_context, _server.Address + "/products");

        await page.GetByTestId("reactivate-LAMP-7").ClickAsync();
        var dialog = Dialog(page, "reactivate-product-dialog");
        await Expect(dialog.GetByTestId("reactivate-confirm-text")).ToContainTextAsync("12 on hand");
        await ScreenshotAsync(page, "reactivate-product-dialog");
        await dialog.GetByTestId("dialog-submit").ClickAsync();

        await Expect(page.GetByTestId("reactivate-LAMP-7")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("receive-LAMP-7")).ToBeEnabledAsync();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        await _server.DisposeAsync();
    }
}
