using BlazorEs.App.Components.Pages.Dashboard;
using BlazorEs.App.Components.Pages.Orders;
using BlazorEs.App.Components.Pages.Products;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Bunit;
using Bunit.Rendering;

namespace BlazorEs.App.Tests.Components;

/// <summary>The "history" action on Products, Orders and the dashboard's stock table, and the drawer it opens.</summary>
public sealed class RowHistoryDrawerTests
{
    private static async Task<ConsoleContext> SeededAsync(string role = ConsoleRoles.Viewer)
    {
        var console = await ConsoleContext.StartAsync(role: role);
        await console.SendAsync(new RegisterProduct("ROPE-1", "Climbing rope", 40m), user: "dave");
        await console.SendAsync(new ReceiveStock("ROPE-1", 12, "PO-9"), user: "carol");
        await console.SendAsync(new PlaceOrder("SO-77", "Acme", [new OrderLineRequest("ROPE-1", 5)]), user: "alice");
        return console;
    }

    [Fact]
    public async Task AViewerOpensAProductsHistoryAndSeesWhoChangedWhatNewestFirstWithLinks()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Products>();
        await cut.WaitForAssertionAsync(() => Assert.NotNull(cut.Find("[data-testid=history-ROPE-1]")));

        await cut.Find("[data-testid=history-ROPE-1]").ClickAsync(new());

        await cut.WaitForAssertionAsync(() => Assert.Equal(3, cut.FindAll("[data-testid^=row-history-entry-]").Count));
        var entries = cut.FindAll("[data-testid^=row-history-entry-]");
        Assert.Equal(["alice", "carol", "dave"], entries.Select(e => e.QuerySelector("[data-testid=row-history-user]")!.TextContent));
        Assert.Contains("StockReserved", entries[0].TextContent);
        var reserved = entries[0].QuerySelector("tr[data-field=reserved]")!;
        Assert.Equal(["0", "5"], [reserved.QuerySelector(".row-history-before")!.TextContent, reserved.QuerySelector(".row-history-after")!.TextContent]);
        Assert.Null(entries[0].QuerySelector("tr[data-field=lastChangedBy]"));
        var position = entries[0].GetAttribute("data-testid")!["row-history-entry-".Length..];
        Assert.Equal($"/timeline?event={position}", entries[0].QuerySelector("[data-testid=row-history-timeline]")!.GetAttribute("href"));
        Assert.Equal($"/replay?position={position}", entries[0].QuerySelector("[data-testid=row-history-replay]")!.GetAttribute("href"));
        Assert.Contains("product-ROPE-1", cut.Find("[data-testid=row-history-stream]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=row-history-end]"));
    }

    [Fact]
    public async Task AnOrdersHistoryOpensFromItsRow()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Orders>();
        await cut.WaitForAssertionAsync(() => Assert.NotNull(cut.Find("[data-testid=history-SO-77]")));

        await cut.Find("[data-testid=history-SO-77]").ClickAsync(new());

        await cut.WaitForAssertionAsync(() => Assert.Contains("OrderPlaced", cut.Find("[data-testid^=row-history-entry-]").TextContent));
        Assert.Contains("History of SO-77", cut.Find("[data-testid=row-history-drawer]").TextContent);
    }

    [Fact]
    public async Task TheDashboardsStockTableOpensTheHistoryAndALiveChangeOfThatRowShowsInTheOpenDrawer()
    {
        await using var console = await SeededAsync(ConsoleRoles.Operator);
        var cut = console.Render<Dashboard>();
        await cut.WaitForAssertionAsync(() => Assert.NotNull(cut.Find("[data-testid=history-ROPE-1]")));
        await cut.Find("[data-testid=history-ROPE-1]").ClickAsync(new());
        await cut.WaitForAssertionAsync(() => Assert.Equal(3, cut.FindAll("[data-testid^=row-history-entry-]").Count));

        var commit = await console.SendAsync(new AdjustStock("ROPE-1", -2, "frayed"), user: "erin");
        await console.Feed.ChangedAsync(StockLevelsProjection.ProjectionName, "ROPE-1");

        await cut.WaitForAssertionAsync(() => Assert.Equal(4, cut.FindAll("[data-testid^=row-history-entry-]").Count));
        var newest = cut.Find("[data-testid^=row-history-entry-]");
        Assert.Equal($"row-history-entry-{commit.LastPosition}", newest.GetAttribute("data-testid"));
        Assert.Contains("erin", newest.TextContent);
    }

    [Fact]
    public async Task ARowWithoutHistoryExplainsItselfInTheDrawer()
    {
        await using var console = await ConsoleContext.StartAsync();
        var cut = console.Bunit.Render<BlazorEs.App.Components.Shared.RowHistoryDrawer>(p => p
            .Add(d => d.ReadModel, OrderSummariesProjection.ProjectionName)
            .Add(d => d.Key, "SO-NONE"));

        await cut.WaitForAssertionAsync(() =>
            Assert.Contains("There is no row 'SO-NONE' in OrderSummaries", cut.Find("[data-testid=row-history-error]").TextContent));
    }
}
