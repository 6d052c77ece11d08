using BlazorEs.App.Components.Pages.Replay;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BlazorEs.App.Tests.Components.Replay;

public sealed class ReplayPageTests : IAsyncLifetime
{
    /// <summary>Each wait is for a real replay over SQLite; under a parallel test run that can take more than bUnit's default second.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private ConsoleContext _console = default!;

    public async ValueTask InitializeAsync() => _console = await ConsoleContext.StartAsync();

    public ValueTask DisposeAsync() => _console.DisposeAsync();

    /// <summary>Position 1 registers the anvil (price 10); positions 2, 3 and 4 each receive 5 units.</summary>
    private async Task SeedThreeReceiptsAsync()
    {
        await _console.SendAsync(new RegisterProduct("A1", "Anvil", 10m));
        await _console.SendAsync(new ReceiveStock("A1", 5, "PO-1"), "bob");
        await _console.SendAsync(new ReceiveStock("A1", 5, "PO-2"), "carol");
        await _console.SendAsync(new ReceiveStock("A1", 5, "PO-3"), "dave");
    }

    private static string Figure(IRenderedComponent<ReplayPage> page, string name) =>
        page.Find($"[data-testid=replay-figure-{name}-value]").TextContent.Trim();

    private string Uri => _console.Bunit.Services.GetRequiredService<NavigationManager>().Uri;

    [Fact]
    public async Task OpeningAtAPositionShowsTheFiguresOfThatPointUnderAHistoricalBanner()
    {
        await SeedThreeReceiptsAsync();

        var page = _console.RenderPage<ReplayPage>("/replay?position=2");

        page.WaitForAssertion(() => Assert.Equal("50.00", Figure(page, "stock-value")), Patience);
        Assert.Equal("2", Figure(page, "events"));
        var banner = page.Find("[data-testid=replay-banner]");
        Assert.Contains("Historical view — as of position 2", banner.TextContent);
        Assert.Contains("UTC", banner.TextContent);
        Assert.Contains("historical-frame", page.Find("[data-testid=replay-content]").ClassName);
        Assert.Contains("StockReceived", page.Find("[data-testid=replay-event-type]").TextContent);
        Assert.Equal("bob", page.Find("[data-testid=replay-event-user]").TextContent);
        Assert.Equal("/streams?id=product-A1", page.Find("[data-testid=replay-event-stream]").GetAttribute("href"));
    }

    [Fact]
    public async Task AtTheHeadTheBannerSaysThisIsNowWithoutTheHistoricalFrame()
    {
        await SeedThreeReceiptsAsync();

        var page = _console.RenderPage<ReplayPage>("/replay");

        page.WaitForAssertion(() => Assert.Equal("150.00", Figure(page, "stock-value")), Patience);
        Assert.Contains("This is now (head) — position 4", page.Find("[data-testid=replay-banner]").TextContent);
        Assert.DoesNotContain("historical-frame", page.Find("[data-testid=replay-content]").ClassName);
        Assert.EndsWith("/replay", Uri);
    }

    [Fact]
    public async Task SteppingBackAndForwardShowsTheFiguresAndEventOfEachPoint()
    {
        await SeedThreeReceiptsAsync();
        var page = _console.RenderPage<ReplayPage>("/replay?position=4");
        page.WaitForAssertion(() => Assert.Equal("150.00", Figure(page, "stock-value")), Patience);

        page.Find("[data-testid=replay-step-back] ").Click();

        page.WaitForAssertion(() => Assert.Equal("100.00", Figure(page, "stock-value")), Patience);
        Assert.Contains("Historical view — as of position 3", page.Find("[data-testid=replay-banner]").TextContent);
        Assert.Contains("#3", page.Find("[data-testid=replay-event-type]").TextContent);
        Assert.Equal("carol", page.Find("[data-testid=replay-event-user]").TextContent);
        Assert.Contains("Position 3 of 4", page.Find("[data-testid=replay-position]").TextContent);
        Assert.EndsWith("/replay?position=3", Uri);

        page.Find("[data-testid=replay-step-forward]").Click();

        page.WaitForAssertion(() => Assert.Equal("150.00", Figure(page, "stock-value")), Patience);
        Assert.Equal("dave", page.Find("[data-testid=replay-event-user]").TextContent);
    }

    [Fact]
    public async Task MovingTheSliderReplaysTheRestingPointAndUpdatesTheAddress()
    {
        await SeedThreeReceiptsAsync();
        var page = _console.RenderPage<ReplayPage>("/replay?position=4");
        page.WaitForAssertion(() => Assert.Equal("150.00", Figure(page, "stock-value")), Patience);
        Assert.Equal("input", page.Find("[data-testid=replay-slider]").TagName, ignoreCase: true);

        page.Find("[data-testid=replay-slider]").Input("3");
        page.Find("[data-testid=replay-slider]").Input("2");

        page.WaitForAssertion(() => Assert.Equal("50.00", Figure(page, "stock-value")), Patience);
        Assert.Equal("2", Figure(page, "events"));
        Assert.Equal("bob", page.Find("[data-testid=replay-event-user]").TextContent);
        Assert.Contains("as of position 2", page.Find("[data-testid=replay-banner]").TextContent);
        Assert.EndsWith("/replay?position=2", Uri);
    }

    [Theory]
    [InlineData("/replay?at=last-tuesday", "is not a time")]
    [InlineData("/replay?position=abc", "is not a position")]
    [InlineData("/replay?position=2&at=2026-11-20T14:02:00Z", "not both")]
    public async Task ABadAddressShowsAnInlineMessageAndTheHead(string url, string message)
    {
        await SeedThreeReceiptsAsync();

        var page = _console.RenderPage<ReplayPage>(url);

        page.WaitForAssertion(() => Assert.Contains(message, page.Find("[data-testid=replay-url-error]").TextContent), Patience);
        page.WaitForAssertion(() => Assert.Contains("This is now (head)", page.Find("[data-testid=replay-banner]").TextContent), Patience);
        Assert.EndsWith(url, Uri);
    }

    [Fact]
    public async Task ATimeInTheAddressOpensAtTheLastEventBeforeIt()
    {
        var start = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        await _console.SendAsync(new RegisterProduct("A1", "Anvil", 10m), recordedAt: start);
        await _console.SendAsync(new ReceiveStock("A1", 5, "PO-1"), recordedAt: start.AddHours(1));
        await _console.SendAsync(new ReceiveStock("A1", 5, "PO-2"), recordedAt: start.AddHours(2));

        var page = _console.RenderPage<ReplayPage>("/replay?at=2026-03-01T13:30:00Z");

        page.WaitForAssertion(() => Assert.Equal("50.00", Figure(page, "stock-value")), Patience);
        Assert.Contains("as of position 2, 2026-03-01 13:00:00 UTC", page.Find("[data-testid=replay-banner]").TextContent);
    }

    [Fact]
    public async Task DiffAgainstNowShowsTheFigureDeltas()
    {
        await SeedThreeReceiptsAsync();
        var page = _console.RenderPage<ReplayPage>("/replay?position=2");
        page.WaitForAssertion(() => Assert.Equal("50.00", Figure(page, "stock-value")), Patience);

        page.Find("[data-testid=replay-diff-now]").Click();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=diff-figure]"), f => f.TextContent.Contains("Stock value: 50 → 150 (+100)")), Patience);
        var stock = page.Find("[data-testid=diff-model][data-model=StockLevels]");
        Assert.Contains("A1", stock.TextContent);
    }
}
