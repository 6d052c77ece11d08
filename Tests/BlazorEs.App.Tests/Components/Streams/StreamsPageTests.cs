using BlazorEs.App.Components.Pages.Streams;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BlazorEs.App.Tests.Components.Streams;

public sealed class StreamsPageTests : IAsyncLifetime
{
    private ConsoleContext _console = default!;

    public async ValueTask InitializeAsync() => _console = await ConsoleContext.StartAsync();

    public ValueTask DisposeAsync() => _console.DisposeAsync();

    private async Task SeedAsync()
    {
        await _console.SendAsync(new RegisterProduct("A1", "Anvil", 10m));
        await _console.SendAsync(new ReceiveStock("A1", 40, "PO-1"), "bob");
        await _console.SendAsync(new ReceiveStock("A1", 100, "PO-2"), "bob");
        await _console.SendAsync(new RegisterProduct("B2", "Bucket", 4m));
        await _console.SendAsync(new PlaceOrder("O-1", "Ada", [new OrderLineRequest("A1", 2)]), "carol");
    }

    private static string[] Changes(IRenderedComponent<StreamsPage> page, int version) =>
        page.Find($"[data-testid=stream-version][data-version='{version}']").QuerySelectorAll("[data-testid=version-change]")
            .Select(c => string.Join(' ', c.TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries))).ToArray();

    [Fact]
    public void WithoutAStreamItAsksForOne()
    {
        var page = _console.RenderPage<StreamsPage>("/streams");

        Assert.Contains("pick a stream", page.Find("[data-testid=streams-pick]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=stream-version]"));
    }

    [Fact]
    public async Task ShowsLoadingThenEachVersionWithWhatItChangedAndTheStateAfter()
    {
        await SeedAsync();
        _console.Queries.Close();

        var page = _console.RenderPage<StreamsPage>("/streams?id=product-A1");
        Assert.NotNull(page.Find("[data-testid=streams-loading]"));
        _console.Queries.Open();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=stream-version]").Count));
        Assert.Equal(["1", "2", "3", "4"], page.FindAll("[data-testid=stream-version]").Select(v => v.GetAttribute("data-version")));
        Assert.Contains("onHand: 40 → 140", Changes(page, 3));
        Assert.Contains("available: 40 → 140", Changes(page, 3));
        Assert.Contains("reserved: 0 → 2", Changes(page, 4));
        Assert.Contains("name: \"\" → Anvil", Changes(page, 1));
        var stateAfter3 = page.Find("[data-testid=stream-version][data-version='3'] [data-testid=stream-state-after]").TextContent;
        Assert.Contains("140", stateAfter3);
    }

    [Fact]
    public void AStreamWithoutEventsSaysSo()
    {
        var page = _console.RenderPage<StreamsPage>("/streams?id=product-NOPE");

        page.WaitForAssertion(() => Assert.Contains("has no events", page.Find("[data-testid=streams-empty]").TextContent));
    }

    [Fact]
    public async Task ShowsAnErrorWhenTheStoreCannotBeRead()
    {
        await _console.BreakEventsTableAsync();

        var page = _console.RenderPage<StreamsPage>("/streams?id=product-A1");

        page.WaitForAssertion(() => Assert.Contains("Could not load product-A1", page.Find("[data-testid=streams-error]").TextContent));
    }

    [Fact]
    public async Task ThePickerFindsStreamsByPrefixOrBareKeyAndSelectingOneLinksIt()
    {
        await SeedAsync();
        var page = _console.RenderPage<StreamsPage>("/streams");
        var picker = page.FindComponent<MudAutocomplete<string>>();

        var search = picker.Instance.SearchFunc;
        Assert.NotNull(search);
        Assert.Equal(["product-A1", "product-B2"], await search("product-", CancellationToken.None)!);
        Assert.Equal(["order-O-1"], await search("O-", CancellationToken.None)!);
        await page.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync("product-B2"));

        page.WaitForAssertion(() => Assert.Equal("product-B2", page.Find("[data-testid=stream-title]").TextContent));
        Assert.EndsWith("/streams?id=product-B2", _console.Bunit.Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task ANewVersionArrivingLiveIsAddedInPlace()
    {
        await SeedAsync();
        var page = _console.RenderPage<StreamsPage>("/streams?id=product-B2");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=stream-version]")));

        await _console.SendAsync(new ChangePrice("B2", 5m));
        await page.InvokeAsync(async () => await _console.Feed.PushAsync(await _console.SummariesAfterAsync(6)));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=stream-version]").Count));
        Assert.Contains("price: 4 → 5", Changes(page, 2));
    }
}
