using BlazorEs.App.Components.Pages.Timeline;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Components.Timeline;

public sealed class TimelinePageTests : IAsyncLifetime
{
    private ConsoleContext _console = default!;

    public async ValueTask InitializeAsync() => _console = await ConsoleContext.StartAsync();

    public ValueTask DisposeAsync() => _console.DisposeAsync();

    private async Task SeedWarehouseAsync()
    {
        var day = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
        await _console.SendAsync(new RegisterProduct("A1", "Anvil", 10m), "alice", recordedAt: day);
        await _console.SendAsync(new RegisterProduct("B2", "Bucket", 4m), "bob", recordedAt: day.AddHours(1));
        await _console.SendAsync(new ReceiveStock("A1", 40, "PO-1"), "bob", recordedAt: day.AddHours(2));
        await _console.SendAsync(new ReceiveStock("B2", 10, "PO-2"), "alice", recordedAt: day.AddHours(3));
        await _console.SendAsync(new PlaceOrder("O-1", "Ada", [new OrderLineRequest("A1", 2), new OrderLineRequest("B2", 1)]), "carol", "conv-1", day.AddHours(4));
    }

    private void Navigate(string url) => _console.Bunit.Services.GetRequiredService<NavigationManager>().NavigateTo(url);

    private static long[] Positions(IRenderedComponent<TimelinePage> page) =>
        page.FindAll("[data-testid=timeline-row]").Select(r => long.Parse(r.GetAttribute("data-position")!)).ToArray();

    [Fact]
    public async Task ShowsLoadingThenEveryEventNewestFirst()
    {
        await SeedWarehouseAsync();
        _console.Queries.Close();

        var page = _console.RenderPage<TimelinePage>("/timeline");
        Assert.NotNull(page.Find("[data-testid=timeline-loading]"));
        _console.Queries.Open();

        page.WaitForAssertion(() => Assert.Equal([7L, 6L, 5L, 4L, 3L, 2L, 1L], Positions(page)));
        Assert.Contains("7 events", page.Find("[data-testid=timeline-count]").TextContent);
    }

    [Fact]
    public void ShowsTheEmptyStateWhenNothingHasHappenedYet()
    {
        var page = _console.RenderPage<TimelinePage>("/timeline");

        page.WaitForAssertion(() => Assert.Contains("No events yet", page.Find("[data-testid=timeline-empty]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=timeline-row]"));
    }

    [Fact]
    public async Task ShowsAnErrorWhenTheStoreCannotBeRead()
    {
        await _console.BreakEventsTableAsync();

        var page = _console.RenderPage<TimelinePage>("/timeline");

        page.WaitForAssertion(() => Assert.Contains("Could not load events", page.Find("[data-testid=timeline-error]").TextContent));
    }

    [Fact]
    public async Task FiltersFromTheUrlNarrowTheRows()
    {
        await SeedWarehouseAsync();

        var page = _console.RenderPage<TimelinePage>("/timeline?type=StockReserved");
        page.WaitForAssertion(() => Assert.Equal([6L, 5L], Positions(page)));
        Assert.Contains("2 events match", page.Find("[data-testid=timeline-count]").TextContent);

        Navigate("/timeline?stream=product-B2");
        page.WaitForAssertion(() => Assert.Equal([6L, 4L, 2L], Positions(page)));

        Navigate("/timeline?user=alice");
        page.WaitForAssertion(() => Assert.Equal([4L, 1L], Positions(page)));

        Navigate("/timeline?correlation=conv-1");
        page.WaitForAssertion(() => Assert.Equal([7L, 6L, 5L], Positions(page)));

        Navigate("/timeline?from=2026-11-02T10:30:00Z&to=2026-11-02T12:30:00Z");
        page.WaitForAssertion(() => Assert.Equal([4L, 3L], Positions(page)));
        Assert.Equal("2026-11-02T10:30", page.Find("[data-testid=filter-from]").GetAttribute("value"));
    }

    [Fact]
    public async Task TheFilterFormNarrowsTheRowsAndPutsTheFilterInTheUrl()
    {
        await SeedWarehouseAsync();
        var page = _console.RenderPage<TimelinePage>("/timeline");
        page.WaitForAssertion(() => Assert.Equal(7, Positions(page).Length));

        page.Find("[data-testid=filter-user]").Change("bob");
        page.Find("[data-testid=timeline-filters]").Submit();

        page.WaitForAssertion(() => Assert.Equal([3L, 2L], Positions(page)));
        var url = _console.Bunit.Services.GetRequiredService<NavigationManager>().Uri;
        Assert.Contains("user=bob", url);

        page.Find("[data-testid=filter-clear]").Click();
        page.WaitForAssertion(() => Assert.Equal(7, Positions(page).Length));
    }

    [Fact]
    public async Task AnEventOpensTheDrawerWithItsMetadataAndCausationChain()
    {
        await SeedWarehouseAsync();
        var page = _console.RenderPage<TimelinePage>("/timeline");
        page.WaitForAssertion(() => Assert.Equal(7, Positions(page).Length));

        page.Find("[data-testid=timeline-row][data-position='5']").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=causation-chain]")));
        var drawer = page.Find("[data-testid=event-drawer]");
        Assert.Contains("StockReserved", drawer.TextContent);
        var metadata = page.Find("[data-testid=drawer-metadata]").TextContent;
        Assert.Contains("\"PlaceOrder\"", metadata);
        Assert.Contains("\"carol\"", metadata);
        Assert.Contains("\"conv-1\"", metadata);
        Assert.Contains("\"A1\"", page.Find("[data-testid=drawer-data]").TextContent);

        var chain = page.FindAll("[data-testid=chain-event]");
        Assert.Equal(["5", "6", "7"], chain.Select(e => e.GetAttribute("data-position")));
        Assert.Contains("PlaceOrder", page.Find("[data-testid=chain-command]").TextContent);
        Assert.Contains(page.FindAll("[data-testid=causation-chain] a"), a => a.GetAttribute("href") == "/streams?id=order-O-1");
        Assert.Contains(page.FindAll("[data-testid=causation-chain] a"), a => a.GetAttribute("href") == "/replay?position=7");
        Assert.Equal("/replay?position=5", page.Find("[data-testid=drawer-replay-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task ALinkToAnEventOpensItsDrawerAndExpandAllCanCollapseTheJson()
    {
        await SeedWarehouseAsync();

        var page = _console.RenderPage<TimelinePage>("/timeline?event=7");

        page.WaitForAssertion(() => Assert.Contains("OrderPlaced", page.Find("[data-testid=event-drawer]").TextContent));
        Assert.All(page.FindAll("[data-testid=drawer-data] details"), d => Assert.True(d.HasAttribute("open")));
        page.Find("[data-testid=json-collapse-all]").Click();
        Assert.All(page.FindAll("[data-testid=drawer-data] details"), d => Assert.False(d.HasAttribute("open")));
        page.Find("[data-testid=json-expand-all]").Click();
        Assert.All(page.FindAll("[data-testid=drawer-data] details"), d => Assert.True(d.HasAttribute("open")));
    }

    [Fact]
    public async Task LiveEventsThatMatchTheFilterArePrependedAndFlash()
    {
        await SeedWarehouseAsync();
        var page = _console.RenderPage<TimelinePage>("/timeline?stream=product-A1");
        page.WaitForAssertion(() => Assert.Equal([5L, 3L, 1L], Positions(page)));

        await _console.SendAsync(new ReceiveStock("A1", 5, "PO-3"));
        await _console.SendAsync(new ReceiveStock("B2", 5, "PO-4"));
        await page.InvokeAsync(async () => await _console.Feed.PushAsync(await _console.SummariesAfterAsync(7)));

        page.WaitForAssertion(() => Assert.Equal([8L, 5L, 3L, 1L], Positions(page)));
        Assert.Contains("row-flash", page.Find("[data-testid=timeline-row][data-position='8']").ClassName);
        Assert.Contains("4 events match", page.Find("[data-testid=timeline-count]").TextContent);
    }
}
