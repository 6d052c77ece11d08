using BlazorEs.Infrastructure.EventStore;
using BlazorEs.App.Components.Pages.Dashboard;
using BlazorEs.App.Live;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Bunit;

namespace BlazorEs.App.Tests.Components;

public sealed class DashboardTests
{
    private const string Figures = DashboardFiguresProjection.ProjectionName;
    private const string StockLevels = StockLevelsProjection.ProjectionName;
    private const string LowStockAlerts = LowStockAlertsProjection.ProjectionName;

    [Fact]
    public async Task GivenAnEmptyStore_ShowsLoadingThenSaysNothingHappenedYet()
    {
        await using var console = await ConsoleContext.StartAsync();
        console.Queries.Close();

        var cut = console.Render<Dashboard>();

        await cut.WaitForAssertionAsync(() => Assert.NotNull(cut.Find("[data-testid=dashboard-loading]")));
        console.Queries.Open();
        await cut.WaitForAssertionAsync(() => Assert.NotNull(cut.Find("[data-testid=dashboard-empty]")));
        Assert.Equal("0", cut.Find("[data-testid=figure-events-value]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=stock-table-empty]"));
        Assert.NotNull(cut.Find("[data-testid=recent-activity-empty]"));
        Assert.NotNull(cut.Find("[data-testid=low-stock-alerts-empty]"));
    }

    [Fact]
    public async Task GivenHistory_ShowsFiguresStockAlertsAndRecentActivity()
    {
        await using var console = await SeededAsync();

        var cut = console.Render<Dashboard>();

        await cut.WaitForAssertionAsync(() => Assert.NotNull(cut.Find("[data-testid=figure-orders]")));
        Assert.Equal("1", cut.Find("[data-testid=figure-orders-value]").TextContent);
        Assert.Equal("Paid 1", cut.Find("[data-testid=figure-orders-paid]").TextContent.Trim());
        Assert.Equal("62.50", cut.Find("[data-testid=figure-revenue-value]").TextContent);
        Assert.Equal("922.00", cut.Find("[data-testid=figure-stock-value-value]").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=figure-low-stock-value]").TextContent);
        Assert.Equal("7", cut.Find("[data-testid=figure-events-value]").TextContent);
        Assert.Contains("row-low", cut.Find("[data-testid=stock-row-GADGET-7]").ClassName);
        Assert.DoesNotContain("row-low", cut.Find("[data-testid=stock-row-WIDGET-1]").ClassName ?? "");
        Assert.NotNull(cut.Find("[data-testid=alert-GADGET-7]"));
        Assert.StartsWith("7 events in the last 48 hours", cut.Find("[data-testid=events-chart-summary]").TextContent);
        var activity = cut.FindAll("[data-testid^=activity-]");
        Assert.Equal(7, activity.Count);
        Assert.Equal("activity-7", activity[0].GetAttribute("data-testid"));
    }

    [Fact]
    public async Task GivenTheReadSideFails_ShowsTheErrorWithRetry()
    {
        await using var console = await ConsoleContext.StartAsync(migrated: false);

        var cut = console.Render<Dashboard>();

        await cut.WaitForAssertionAsync(() => Assert.Contains("could not be loaded", cut.Find("[data-testid=dashboard-error]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=dashboard-loading]"));
        Assert.NotNull(cut.Find("[data-testid=dashboard-error-retry]"));
    }

    [Fact]
    public async Task WhenFiguresAndStockChange_CountersUpdateInPlaceAndChangedRowsFlash()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Dashboard>();
        await cut.WaitForElementAsync("[data-testid=figure-stock-value]");

        await console.SendAsync(new ReceiveStock("WIDGET-1", 10, "PO-3"), user: "bob");
        await console.Feed.PushAsync(
            new ReadModelChange(Figures, ["p:WIDGET-1:onhand", "stock:value"], false, 10),
            new ReadModelChange(StockLevels, ["WIDGET-1"], false, 10));

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Equal("1,047.00", cut.Find("[data-testid=figure-stock-value-value]").TextContent);
            Assert.Contains("row-flash", cut.Find("[data-testid=figure-stock-value]").ClassName);
            Assert.Equal("55", cut.Find("[data-testid=stock-available-WIDGET-1]").TextContent);
            Assert.Contains("row-flash", cut.Find("[data-testid=stock-row-WIDGET-1]").ClassName);
        });
        Assert.DoesNotContain("row-flash", cut.Find("[data-testid=figure-revenue]").ClassName);
        Assert.DoesNotContain("row-flash", cut.Find("[data-testid=stock-row-GADGET-7]").ClassName ?? "");
    }

    [Fact]
    public async Task WhenALowStockAlertIsRaised_ItAppearsAndFlashes()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Dashboard>();
        await cut.WaitForElementAsync("[data-testid=alert-GADGET-7]");

        await console.SendAsync(new AdjustStock("WIDGET-1", -45, "Water damage"), user: "carol");
        await console.Feed.ChangedAsync(LowStockAlerts, "WIDGET-1");

        await cut.WaitForAssertionAsync(() => Assert.Contains("row-flash", cut.Find("[data-testid=alert-WIDGET-1]").ClassName));
        Assert.DoesNotContain("row-flash", cut.Find("[data-testid=alert-GADGET-7]").ClassName ?? "");
    }

    [Fact]
    public async Task WhenEventsAreAppended_TheyArePrependedOnceAndFlash()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Dashboard>();
        await cut.WaitForElementAsync("[data-testid=activity-7]");

        await console.Feed.AppendedAsync(Event(7, "OrderPaid"), Event(8, "StockReceived"));

        await cut.WaitForAssertionAsync(() =>
        {
            var rows = cut.FindAll("[data-testid^=activity-]");
            Assert.Equal(8, rows.Count);
            Assert.Equal("activity-8", rows[0].GetAttribute("data-testid"));
            Assert.Contains("row-flash", rows[0].ClassName);
            Assert.Contains("StockReceived", rows[0].TextContent);
        });
        Assert.DoesNotContain("row-flash", cut.Find("[data-testid=activity-7]").ClassName ?? "");
    }

    [Fact]
    public async Task ABurstOfChanges_CostsTwoReloads_TheFirstAtOnceAndOneForTheRest()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Dashboard>();
        await cut.WaitForElementAsync("[data-testid=figure-orders]");
        var before = console.Queries.Asked<GetDashboard>();

        for (var i = 0; i < 20; i++) await console.Feed.ChangedAsync(Figures, $"events:hour:{i}");

        await cut.WaitForAssertionAsync(() => Assert.Equal(before + 2, console.Queries.Asked<GetDashboard>()));
        await Task.Delay(ReadModelWatch.DefaultDebounce * 3);
        Assert.Equal(before + 2, console.Queries.Asked<GetDashboard>());
    }

    [Fact]
    public async Task AfterAReconnect_EverythingIsReadAgain()
    {
        await using var console = await SeededAsync();
        var cut = console.Render<Dashboard>();
        await cut.WaitForElementAsync("[data-testid=figure-orders]");

        await console.SendAsync(new PlaceOrder("ORD-3", "Initech", [new OrderLineRequest("WIDGET-1", 1)]));
        await console.Feed.PushAsync(new ReadModelChange(ReadModelWatch.Everything, [], true, 12));

        await cut.WaitForAssertionAsync(() =>
        {
            Assert.Equal("2", cut.Find("[data-testid=figure-orders-value]").TextContent);
            Assert.Equal("44", cut.Find("[data-testid=stock-available-WIDGET-1]").TextContent);
        });
    }

    /// <summary>Seven events: WIDGET-1 (50 on hand at 12.50, 5 reserved by paid ORD-1) and GADGET-7, low (3 on hand at 99.00).</summary>
    private static async Task<ConsoleContext> SeededAsync()
    {
        var console = await ConsoleContext.StartAsync();
        await console.SendAllAsync(
            new RegisterProduct("WIDGET-1", "Blue widget", 12.5m),
            new ReceiveStock("WIDGET-1", 50, "PO-1"),
            new RegisterProduct("GADGET-7", "Pocket gadget", 99m),
            new ReceiveStock("GADGET-7", 3, "PO-2"),
            new PlaceOrder("ORD-1", "Acme", [new OrderLineRequest("WIDGET-1", 5)]),
            new PayOrder("ORD-1", 62.5m, "PAY-1"));
        return console;
    }

    private static RecordedEvent Event(long position, string type) =>
        new(position, $"e-{position}", "product-WIDGET-1", 4, type, 1, DateTime.UtcNow,
            "bob", "ReceiveStock", "cmd", "corr", "cmd", "{}");
}
