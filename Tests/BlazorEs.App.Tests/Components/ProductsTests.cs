using AngleSharp.Dom;
using BlazorEs.App.Components.Pages.Products;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Bunit;
using Bunit.Rendering;

namespace BlazorEs.App.Tests.Components;

public sealed class ProductsTests
{
    private const string StockLevels = StockLevelsProjection.ProjectionName;

    [Fact]
    public async Task GivenNoProducts_ShowsLoadingThenTheEmptyState()
    {
        await using var console = await ConsoleContext.StartAsync();
        console.Queries.Close();

        var cut = console.Render<Products>();

        await cut.WaitForAssertionAsync(() => Assert.NotNull(cut.Find("[data-testid=products-loading]")));
        console.Queries.Open();
        await cut.WaitForAssertionAsync(() => Assert.Contains("No products yet", cut.Find("[data-testid=products-empty]").TextContent));
    }

    [Fact]
    public async Task GivenProducts_ShowsARowPerProductWithLowStockMarked()
    {
        await using var console = await SeededAsync();

        var cut = console.Render<Products>();

        await cut.WaitForAssertionAsync(() => Assert.Equal(2, cut.FindAll("[data-testid^=product-row-]").Count));
        Assert.Equal("50", cut.Find("[data-testid=available-WIDGET-1]").TextContent);
        Assert.Contains("row-low", RowOf(cut, "GADGET-7").ClassName);
        Assert.DoesNotContain("row-low", RowOf(cut, "WIDGET-1").ClassName ?? "");
    }

    [Fact]
    public async Task GivenTheReadSideFails_ShowsTheErrorWithRetry()
    {
        await using var console = await ConsoleContext.StartAsync(migrated: false);

        var cut = console.Render<Products>();

        await cut.WaitForAssertionAsync(() =>
            Assert.Contains("Products could not be loaded", cut.Find("[data-testid=products-error]").TextContent));
        await cut.Find("[data-testid=products-error-retry]").ClickAsync(new());
        await cut.WaitForAssertionAsync(() => Assert.NotNull(cut.Find("[data-testid=products-error]")));
    }

    [Fact]
    public async Task WhenSearching_OnlyMatchingProductsAreShown()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Products>();
        await cut.WaitForAssertionAsync(() => Assert.Equal(2, cut.FindAll("[data-testid^=product-row-]").Count));

        await cut.Find("[data-testid=products-search]").InputAsync(new() { Value = "gadget" });

        await cut.WaitForAssertionAsync(() => Assert.Single(cut.FindAll("[data-testid^=product-row-]")));
        Assert.NotNull(cut.Find("[data-testid=product-row-GADGET-7]"));
    }

    [Fact]
    public async Task WhenLowOnlyIsOn_OnlyLowStockProductsAreShown()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Products>();
        await cut.WaitForAssertionAsync(() => Assert.Equal(2, cut.FindAll("[data-testid^=product-row-]").Count));

        await cut.Find("[data-testid=low-only]").ChangeAsync(new() { Value = true });

        await cut.WaitForAssertionAsync(() => Assert.Single(cut.FindAll("[data-testid^=product-row-]")));
        Assert.NotNull(cut.Find("[data-testid=product-row-GADGET-7]"));
    }

    [Fact]
    public async Task RegisterDialog_ShowsTheDomainsFieldErrorsInlineAndSendsNothing()
    {
        await using var console = await ConsoleContext.StartAsync();
        var cut = console.Render<Products>();
        await cut.WaitForElementAsync("[data-testid=products-empty]");

        await cut.OpenDialogAsync("[data-testid=register-product]", "[data-testid=register-product-dialog]");
        await cut.TypeAsync("[data-testid=field-sku]", "bad sku!");
        await cut.TypeAsync("[data-testid=field-price]", "-1");
        await cut.SubmitDialogAsync();

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Contains("Sku may contain only capital letters A-Z, digits 0-9 and '-'.", cut.Markup);
            Assert.Contains("Name is required.", cut.Markup);
            Assert.Contains("Price must be between 0 and", cut.Markup);
        });
        Assert.NotNull(cut.Find("[data-testid=register-product-dialog]"));
        Assert.Equal(0, await console.CountEventsAsync());
    }

    [Fact]
    public async Task RegisterDialog_RegistersTheProductAndTheGridShowsIt()
    {
        await using var console = await ConsoleContext.StartAsync();
        var cut = console.Render<Products>();
        await cut.WaitForElementAsync("[data-testid=products-empty]");

        await cut.OpenDialogAsync("[data-testid=register-product]", "[data-testid=register-product-dialog]");
        await cut.TypeAsync("[data-testid=field-sku]", "LAMP-1");
        await cut.TypeAsync("[data-testid=field-name]", "Desk lamp");
        await cut.TypeAsync("[data-testid=field-price]", "39");
        await cut.SubmitDialogAsync();

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=register-product-dialog]"));
            Assert.Contains("Product LAMP-1 registered.", cut.Markup);
            Assert.NotNull(cut.Find("[data-testid=product-row-LAMP-1]"));
        });
        Assert.Contains("row-flash", RowOf(cut, "LAMP-1").ClassName);
    }

    [Fact]
    public async Task RenameDialog_WhenSomeoneElseChangedTheProduct_ShowsTheConflictAndStaysOpen()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Products>();
        await cut.WaitForElementAsync("[data-testid=rename-WIDGET-1]");

        await cut.OpenDialogAsync("[data-testid=rename-WIDGET-1]", "[data-testid=rename-product-dialog]");
        await console.SendAsync(new ReceiveStock("WIDGET-1", 5, "PO-9"), user: "bob");
        await cut.TypeAsync("[data-testid=field-name]", "Navy widget");
        await cut.SubmitDialogAsync();

        await cut.WaitForAssertionAsync(() =>
            Assert.Equal("Changed by someone else — reload and retry.", cut.Find("[data-testid=conflict-alert]").TextContent.Trim()));
        Assert.NotNull(cut.Find("[data-testid=rename-product-dialog]"));
        Assert.False(cut.Find("[data-testid=dialog-submit]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task RenameDialog_AfterAConflict_ReloadsAndTheRetrySucceeds()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Products>();
        await cut.WaitForElementAsync("[data-testid=rename-WIDGET-1]");
        await cut.OpenDialogAsync("[data-testid=rename-WIDGET-1]", "[data-testid=rename-product-dialog]");
        await console.SendAsync(new ReceiveStock("WIDGET-1", 5, "PO-9"), user: "bob");
        await cut.TypeAsync("[data-testid=field-name]", "Navy widget");
        await cut.SubmitDialogAsync();
        await cut.WaitForElementAsync("[data-testid=conflict-alert]");

        await cut.Find("[data-testid=conflict-reload]").ClickAsync(new());
        await cut.WaitForElementAsync("[data-testid=reloaded-note]");
        Assert.Equal("Navy widget", cut.Find("[data-testid=field-name]").GetAttribute("value"));
        await cut.SubmitDialogAsync();

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=rename-product-dialog]"));
            Assert.Contains("Navy widget", RowOf(cut, "WIDGET-1").TextContent);
        });
    }

    [Fact]
    public async Task WhileACommandIsInFlight_TheDialogsButtonsAreDisabledAndShowProgress()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Products>();
        await cut.WaitForElementAsync("[data-testid=receive-WIDGET-1]");
        await cut.OpenDialogAsync("[data-testid=receive-WIDGET-1]", "[data-testid=receive-stock-dialog]");
        await cut.TypeAsync("[data-testid=field-quantity]", "12");
        await cut.TypeAsync("[data-testid=field-reference]", "PO-42");
        console.Commands.Close();

        _ = cut.Find("[data-testid=dialog-submit]").ClickAsync(new());

        await cut.WaitForAssertionAsync(() =>
        {
            var submit = cut.Find("[data-testid=dialog-submit]");
            Assert.True(submit.HasAttribute("disabled"));
            Assert.Equal("true", submit.GetAttribute("aria-busy"));
            Assert.NotNull(submit.QuerySelector(".mud-progress-circular"));
            Assert.True(cut.Find("[data-testid=dialog-cancel]").HasAttribute("disabled"));
        });
        console.Commands.Open();
        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=receive-stock-dialog]"));
            Assert.Contains("Received 12 × WIDGET-1.", cut.Markup);
            Assert.Equal("62", cut.Find("[data-testid=available-WIDGET-1]").TextContent);
        });
    }

    [Fact]
    public async Task AdjustDialog_RequiresAReason()
    {
        await using var console = await SeededAsync();
        var events = await console.CountEventsAsync();
        var cut = console.Render<Products>();
        await cut.WaitForElementAsync("[data-testid=adjust-WIDGET-1]");

        await cut.OpenDialogAsync("[data-testid=adjust-WIDGET-1]", "[data-testid=adjust-stock-dialog]");
        await cut.TypeAsync("[data-testid=field-delta]", "-2");
        await cut.SubmitDialogAsync();

        await cut.WaitForAssertionAsync(() => Assert.Contains("Reason is required.", cut.Markup));
        Assert.NotNull(cut.Find("[data-testid=adjust-stock-dialog]"));
        Assert.Equal(events, await console.CountEventsAsync());
    }

    [Fact]
    public async Task DiscontinueDialog_AsksToConfirmThenDiscontinues()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Products>();
        await cut.WaitForElementAsync("[data-testid=discontinue-WIDGET-1]");

        await cut.OpenDialogAsync("[data-testid=discontinue-WIDGET-1]", "[data-testid=discontinue-product-dialog]");
        Assert.Contains("Reactivating it later", cut.Find("[data-testid=discontinue-confirm-text]").TextContent);
        await cut.SubmitDialogAsync();

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Contains("Discontinued", RowOf(cut, "WIDGET-1").TextContent);
            Assert.True(cut.Find("[data-testid=discontinue-WIDGET-1]").HasAttribute("disabled"));
        });
    }

    [Fact]
    public async Task ReactivateDialog_IsOfferedOnlyForADiscontinuedProductAndTakesItBackIntoTheRange()
    {
        await using var console = await SeededAsync();
        await console.SendAsync(new DiscontinueProduct("WIDGET-1"));
        var cut = console.Render<Products>();
        await cut.WaitForElementAsync("[data-testid=reactivate-WIDGET-1]");
        Assert.Empty(cut.FindAll("[data-testid=reactivate-GADGET-7]"));

        await cut.OpenDialogAsync("[data-testid=reactivate-WIDGET-1]", "[data-testid=reactivate-product-dialog]");
        Assert.Contains("take orders and stock receipts again", cut.Find("[data-testid=reactivate-confirm-text]").TextContent);
        await cut.SubmitDialogAsync();

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.DoesNotContain("Discontinued", RowOf(cut, "WIDGET-1").TextContent);
            Assert.False(cut.Find("[data-testid=receive-WIDGET-1]").HasAttribute("disabled"));
            Assert.Empty(cut.FindAll("[data-testid=reactivate-WIDGET-1]"));
        });
    }

    [Fact]
    public async Task WhenStockLevelsChange_TheChangedRowReloadsAndFlashes()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Products>();
        await cut.WaitForElementAsync("[data-testid=product-row-WIDGET-1]");

        await console.SendAsync(new ReceiveStock("WIDGET-1", 25, "PO-7"), user: "bob");
        await console.Feed.ChangedAsync(StockLevels, "WIDGET-1");

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Equal("75", cut.Find("[data-testid=available-WIDGET-1]").TextContent);
            Assert.Contains("row-flash", RowOf(cut, "WIDGET-1").ClassName);
        });
        Assert.DoesNotContain("row-flash", RowOf(cut, "GADGET-7").ClassName ?? "");
    }

    [Fact]
    public async Task WhenAShownRowChanges_ItIsPatchedInPlaceWithoutReloadingThePage()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Products>();
        await cut.WaitForElementAsync("[data-testid=product-row-WIDGET-1]");
        var pageQueries = console.Queries.Asked<GetStockLevels>();
        var actions = cut.FindComponents<ProductRowActions>().ToDictionary(a => a.Instance.Row.Sku);
        var renders = actions.ToDictionary(a => a.Key, a => a.Value.RenderCount);

        await console.SendAsync(new ReceiveStock("WIDGET-1", 25, "PO-7"), user: "bob");
        await console.Feed.ChangedAsync(StockLevels, "WIDGET-1");

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Equal("75", cut.Find("[data-testid=available-WIDGET-1]").TextContent);
            Assert.Contains("row-flash", RowOf(cut, "WIDGET-1").ClassName);
        });
        Assert.Equal(1, console.Queries.Asked<GetStockLevelsByKeys>());
        Assert.Equal(pageQueries, console.Queries.Asked<GetStockLevels>());
        Assert.Equal(2, cut.FindAll("[data-testid^=product-row-]").Count);
        Assert.Equal("3", cut.Find("[data-testid=available-GADGET-7]").TextContent);
        // The grid drew its rows again, but the row that did not change kept its actions' buttons and tooltips as they were.
        Assert.Same(actions["GADGET-7"].Instance, cut.FindComponents<ProductRowActions>().Single(a => a.Instance.Row.Sku == "GADGET-7").Instance);
        Assert.Equal(renders["GADGET-7"], actions["GADGET-7"].RenderCount);
    }

    [Fact]
    public async Task WhenAChangedRowIsNotOnThePage_ThePageIsReloaded()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Products>();
        await cut.WaitForElementAsync("[data-testid=product-row-WIDGET-1]");
        var pageQueries = console.Queries.Asked<GetStockLevels>();

        await console.SendAsync(new RegisterProduct("LAMP-1", "Desk lamp", 39m), user: "bob");
        await console.Feed.ChangedAsync(StockLevels, "LAMP-1");

        await cut.WaitForAssertionAsync(() => Assert.Contains("row-flash", RowOf(cut, "LAMP-1").ClassName));
        Assert.Equal(0, console.Queries.Asked<GetStockLevelsByKeys>());
        Assert.True(console.Queries.Asked<GetStockLevels>() > pageQueries, "a row that was not shown must bring the page query");
    }

    [Fact]
    public async Task WhenAChangeMovesAShownRowOutOfTheFilter_ThePageIsReloaded()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Products>();
        await cut.WaitForAssertionAsync(() => Assert.Equal(2, cut.FindAll("[data-testid^=product-row-]").Count));
        await cut.Find("[data-testid=low-only]").ChangeAsync(new() { Value = true });
        await cut.WaitForAssertionAsync(() => Assert.Single(cut.FindAll("[data-testid^=product-row-]")));

        await console.SendAsync(new ReceiveStock("GADGET-7", 40, "PO-8"), user: "bob");
        await console.Feed.ChangedAsync(StockLevels, "GADGET-7");

        await cut.WaitForAssertionAsync(() => Assert.Empty(cut.FindAll("[data-testid^=product-row-]")));
        Assert.Equal(1, console.Queries.Asked<GetStockLevelsByKeys>());
    }

    [Fact]
    public async Task ChangesOfOtherProjections_AreIgnored()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Products>();
        await cut.WaitForElementAsync("[data-testid=product-row-WIDGET-1]");

        await console.SendAsync(new ReceiveStock("WIDGET-1", 25, "PO-7"));
        await console.Feed.ChangedAsync("OrderSummaries", "WIDGET-1");
        await Task.Delay(ReadModelWatchDelay);

        Assert.Equal("50", cut.Find("[data-testid=available-WIDGET-1]").TextContent);
    }

    private static readonly TimeSpan ReadModelWatchDelay = BlazorEs.App.Live.ReadModelWatch.DefaultDebounce * 3;

    private static async Task<ConsoleContext> SeededAsync()
    {
        var console = await ConsoleContext.StartAsync();
        await console.SendAllAsync(
            new RegisterProduct("WIDGET-1", "Blue widget", 12.5m),
            new ReceiveStock("WIDGET-1", 50, "PO-1"),
            new RegisterProduct("GADGET-7", "Pocket gadget", 99m),
            new ReceiveStock("GADGET-7", 3, "PO-2"));
        return console;
    }

    private static IElement RowOf(IRenderedComponent<ContainerFragment> cut, string sku) =>
        cut.Find($"[data-testid=product-row-{sku}]").Closest("tr")!;
}
