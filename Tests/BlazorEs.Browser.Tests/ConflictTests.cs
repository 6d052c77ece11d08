using Microsoft.Playwright;
using static BlazorEs.Browser.Tests.ConsolePage;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>Two operators edit the same product at once: the second save is refused with a clear, retryable message.</summary>
public sealed class ConflictTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private readonly List<IBrowserContext> _contexts = [];

    [Fact]
    public async Task WhenTwoOperatorsChangeTheSamePriceTheSecondSeesChangedBySomeoneElse()
    {
        BrowserSession.RequireChromium();
        using (var api = new WarehouseApi(_server))
            await api.RegisterAsync("CF-1", "Pallet wrap", 12.50m);

        var (a, b) = (await OpenProductsAsync(), await OpenProductsAsync());
        var dialogA = await OpenChangePriceAsync(a);
        var dialogB = await OpenChangePriceAsync(b);

        await Field(dialogA, "field-price").FillAsync("13.75");
        await dialogA.GetByTestId("dialog-submit").ClickAsync();
        await Expect(dialogA).ToBeHiddenAsync();

        await Field(dialogB, "field-price").FillAsync("11.00");
        await dialogB.GetByTestId("dialog-submit").ClickAsync();

        await Expect(dialogB.GetByTestId("conflict-alert")).ToHaveTextAsync("Changed by someone else — reload and retry.");
        await Expect(dialogB).ToBeVisibleAsync();
        await ScreenshotAsync(b, "products-conflict");
        // A's price stands, and B's grid shows it live.
        await Expect(b.GetByTestId("products-grid")).ToContainTextAsync("13.75", new() { Timeout = 15_000 });
    }

    private async Task<IPage> OpenProductsAsync()
    {
        var context = await _server.SignInAsync(session.Browser);
        _contexts.Add(context);
        var page = await OpenAsync(context, _server.Address + "/products");
        await Expect(page.GetByTestId("product-row-CF-1")).ToBeVisibleAsync();
        return page;
    }

    private static async Task<ILocator> OpenChangePriceAsync(IPage page)
    {
        await page.GetByTestId("change-price-CF-1").ClickAsync();
        var dialog = Dialog(page, "change-price-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        return dialog;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        await _server.DisposeAsync();
    }
}
