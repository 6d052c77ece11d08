using System.Text.RegularExpressions;
using BlazorEs.Infrastructure.Accounts;
using Microsoft.Playwright;
using static BlazorEs.Browser.Tests.ConsolePage;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>Signing in through the real page, what each role may touch, and the signed-in user on what they did.</summary>
public sealed class SignInTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private readonly List<IBrowserContext> _contexts = [];

    [Fact]
    public async Task ASignedOutBrowserIsSentToTheSignInPageAndComesBackWhereItWasAfterSigningIn()
    {
        BrowserSession.RequireChromium();
        await _server.EnsureAccountAsync("olga", ConsoleRoles.Operator);
        var context = await NewAsync(null);
        var page = await context.NewPageAsync();

        await page.GotoAsync(_server.Address + "/orders");

        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl=%2Forders"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "sign-in");
        await page.Locator("#userName").FillAsync("olga");
        await page.Locator("#password").FillAsync("wrong-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByTestId("login-error")).ToHaveTextAsync("The user name or password is wrong.");

        await page.Locator("#userName").FillAsync("olga");
        await page.Locator("#password").FillAsync(SignIn.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/orders$"));
        await WaitForLiveAsync(page);
    }

    [Theory]
    [InlineData(ConsoleRoles.Viewer)]
    [InlineData(ConsoleRoles.Auditor)]
    [InlineData(ConsoleRoles.Operator)]
    [InlineData(ConsoleRoles.Admin)]
    public async Task EachRoleSignsInAndTheAppBarNamesTheUserAndRole(string role)
    {
        BrowserSession.RequireChromium();
        var page = await OpenAsync(await NewAsync(role, $"{role}-1"), _server.Address + "/");

        await Expect(page.GetByTestId("signed-in-name")).ToHaveTextAsync($"{role}-1");
        await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync(role);
        if (role == ConsoleRoles.Viewer) await ScreenshotAsync(page, "app-bar-viewer");
    }

    [Fact]
    public async Task AViewerSeesNoEnabledCommandButtonAndEachSaysWhichRoleItNeeds()
    {
        BrowserSession.RequireChromium();
        using (var api = new WarehouseApi(_server))
        {
            await api.RegisterAsync("SI-1", "Cable ties", 2.00m);
            await api.ReceiveAsync("SI-1", 10);
            await api.PlaceOrderAsync("SO-SI-1", "Acme", "alice", ("SI-1", 1));
        }
        var viewer = await NewAsync(ConsoleRoles.Viewer, "vera");

        foreach (var (path, first) in new[] { ("/products", "register-product"), ("/orders", "place-order") })
        {
            var page = await OpenAsync(viewer, _server.Address + path);
            await Expect(page.GetByTestId(first)).ToBeDisabledAsync();
            await Expect(page.Locator(".role-gated button")).Not.ToHaveCountAsync(0);
            await Expect(page.Locator(".role-gated button:enabled")).ToHaveCountAsync(0);
            await page.Locator(".mud-main-content .role-gated").First.HoverAsync(); // the nav's Users entry is gated too (admin)
            await Expect(page.Locator(".mud-tooltip.mud-popover-open")).ToContainTextAsync("operator role");
            await ScreenshotAsync(page, "viewer" + path.Replace('/', '-'));
        }
    }

    [Fact]
    public async Task AnOperatorPlacesAnOrderTheTimelineDrawerNamesThatOperatorAndASecondBrowserSeesItLive()
    {
        BrowserSession.RequireChromium();
        using (var api = new WarehouseApi(_server))
        {
            await api.RegisterAsync("SI-2", "Pallet straps", 4.00m);
            await api.ReceiveAsync("SI-2", 20);
        }
        var watcher = await OpenAsync(await NewAsync(ConsoleRoles.Viewer, "wanda"), _server.Address + "/orders");
        var orders = await OpenAsync(await NewAsync(ConsoleRoles.Operator, "otto"), _server.Address + "/orders");

        await orders.GetByTestId("place-order").ClickAsync();
        var place = Dialog(orders, "place-order-dialog");
        await Field(place, "field-customer").FillAsync("Fjord Freight");
        await Field(place, "field-line-sku-0").FillAsync("SI-2");
        await orders.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "SI-2" }).First.ClickAsync();
        await Expect(place.GetByTestId("line-available-0")).ToHaveTextAsync("20 available");
        await Expect(orders.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Field(place, "field-line-quantity-0").FillAsync("2");
        await place.GetByTestId("dialog-submit").ClickAsync();
        await Expect(place).ToBeHiddenAsync();

        // The viewer's console shows the operator's order without a reload.
        await Expect(watcher.Locator("tr", new() { HasText = "Fjord Freight" })).ToHaveCountAsync(1, new() { Timeout = 15_000 });

        var timeline = await OpenAsync(orders.Context, _server.Address + "/timeline");
        var orderPlaced = timeline.GetByTestId("timeline-row").Filter(new() { HasText = "OrderPlaced" });
        await Expect(orderPlaced).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        // The type, not the row's middle: the row also holds a link to the stream.
        await orderPlaced.GetByText("OrderPlaced", new() { Exact = true }).ClickAsync();
        var drawer = timeline.GetByTestId("event-drawer");
        await Expect(drawer).ToBeVisibleAsync();
        var metadata = drawer.GetByTestId("drawer-metadata");
        await Expect(metadata).ToContainTextAsync("otto", new() { Timeout = 15_000 });
        await ScreenshotAsync(timeline, "timeline-drawer-signed-in-operator");
    }

    [Fact]
    public async Task SigningOutReturnsToTheSignInPageAndTheConsoleIsClosedAfterwards()
    {
        BrowserSession.RequireChromium();
        var context = await NewAsync(ConsoleRoles.Operator, "sam");
        var page = await OpenAsync(context, _server.Address + "/products");

        await page.GetByTestId("sign-out").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/account/login$"));
        await page.GotoAsync(_server.Address + "/products");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl="));
    }

    private async Task<IBrowserContext> NewAsync(string? role, string userName = "tester")
    {
        var context = role is null
            ? await session.Browser.NewContextAsync(Laptop)
            : await _server.SignInAsync(session.Browser, role, userName);
        _contexts.Add(context);
        return context;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        await _server.DisposeAsync();
    }
}
