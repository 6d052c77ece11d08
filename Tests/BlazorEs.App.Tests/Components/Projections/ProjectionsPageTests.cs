using BlazorEs.App.Components.Pages.Projections;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Operations;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Components.Projections;

public sealed class ProjectionsPageTests : IAsyncLifetime
{
    private ConsoleContext _console = default!;

    public async ValueTask InitializeAsync() => _console = await ConsoleContext.StartAsync();

    public ValueTask DisposeAsync() => _console.DisposeAsync();

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<ProjectionsPage> page, string name) =>
        page.Find($"[data-testid=projection-row][data-projection='{name}']");

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<ProjectionsPage> page, string name, string action) =>
        Row(page, name).QuerySelector($"[data-testid=projection-{action}]")!;

    /// <summary>
    /// Two payments of decimal.MaxValue written past the domain's rules: the dashboard's revenue total overflows on the
    /// second, so DashboardFigures parks there while the other projections carry on.
    /// </summary>
    private async Task<long> ParkDashboardAsync()
    {
        await _console.SendAsync(new RegisterProduct("A1", "Anvil", 10m));
        var poison = await _console.AppendAsync("order-X", new OrderPaid("X", decimal.MaxValue, "P1"), new OrderPaid("X", decimal.MaxValue, "P2"));
        var runner = _console.Projections[DashboardFiguresProjection.ProjectionName];
        for (var i = 0; i < 100 && (await runner.StatusAsync(CancellationToken.None)).ParkedAt is null; i++) await Task.Delay(50);
        Assert.Equal(poison.LastPosition, (await runner.StatusAsync(CancellationToken.None)).ParkedAt);
        return poison.LastPosition;
    }

    [Fact]
    public async Task ShowsLoadingThenEveryProjectionLiveAndUpToDate()
    {
        await _console.SendAsync(new RegisterProduct("A1", "Anvil", 10m));
        _console.Queries.Close();

        var page = _console.RenderPage<ProjectionsPage>("/projections");
        Assert.NotNull(page.Find("[data-testid=projections-loading]"));
        _console.Queries.Open();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=projection-row]").Count));
        Assert.All(page.FindAll("[data-testid=projection-state]"), chip => Assert.Equal("Live", chip.GetAttribute("data-state")));
        Assert.All(page.FindAll("[data-testid=projection-lag]"), lag => Assert.Contains("up to date", lag.TextContent));
        Assert.All(page.FindAll("[data-testid=projection-retry]"), b => Assert.True(b.HasAttribute("disabled")));
        Assert.Contains("Checkpoint 1 of head 1", Row(page, "StockLevels").TextContent);
    }

    [Fact]
    public async Task WithoutProjectionsItSaysSo()
    {
        await _console.DisposeAsync();
        _console = await ConsoleContext.StartAsync(services: s => s.AddSingleton(new ProjectionCatalog([])));

        var page = _console.RenderPage<ProjectionsPage>("/projections");

        page.WaitForAssertion(() => Assert.Contains("No projections", page.Find("[data-testid=projections-empty]").TextContent));
    }

    [Fact]
    public async Task ShowsAnErrorWhenStatusesCannotBeRead()
    {
        await _console.BreakEventsTableAsync();

        var page = _console.RenderPage<ProjectionsPage>("/projections");

        page.WaitForAssertion(() => Assert.Contains("Could not read the projections", page.Find("[data-testid=projections-error]").TextContent));
    }

    [Fact]
    public async Task AParkedProjectionIsRedWithItsFailingEventOneClickAwayAndRetryAndSkipEnabled()
    {
        var parkedAt = await ParkDashboardAsync();

        var page = _console.RenderPage<ProjectionsPage>("/projections");

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=projection-row]").Count));
        var row = Row(page, DashboardFiguresProjection.ProjectionName);
        Assert.Equal("Parked", row.QuerySelector("[data-testid=projection-state]")!.GetAttribute("data-state"));
        Assert.Contains("mud-chip-color-error", row.QuerySelector("[data-testid=projection-state]")!.ClassName);
        Assert.Equal($"/timeline?event={parkedAt}", row.QuerySelector("[data-testid=parked-event-link]")!.GetAttribute("href"));
        Assert.Contains("OverflowException", row.QuerySelector("[data-testid=projection-error]")!.TextContent);
        Assert.False(Button(page, DashboardFiguresProjection.ProjectionName, "retry").HasAttribute("disabled"));
        Assert.False(Button(page, DashboardFiguresProjection.ProjectionName, "skip").HasAttribute("disabled"));
        Assert.True(Button(page, "StockLevels", "skip").HasAttribute("disabled"));
        Assert.Equal("Live", Row(page, "StockLevels").QuerySelector("[data-testid=projection-state]")!.GetAttribute("data-state"));
    }

    [Fact]
    public async Task SkippingAsksForAReasonAndAConfirmationThenRecordsItAndMovesOn()
    {
        var parkedAt = await ParkDashboardAsync();
        var page = _console.RenderPage<ProjectionsPage>("/projections");
        page.WaitForAssertion(() => Assert.NotNull(Row(page, DashboardFiguresProjection.ProjectionName).QuerySelector("[data-testid=projection-parked]")));

        Button(page, DashboardFiguresProjection.ProjectionName, "skip").Click();
        var root = _console.Root;
        root.WaitForAssertion(() => Assert.NotNull(root.Find("[data-testid=reason-input]")));
        Assert.True(root.Find("[data-testid=reason-submit]").HasAttribute("disabled"));
        root.Find("[data-testid=reason-input]").Input("overflowing test payment");
        Assert.True(root.Find("[data-testid=reason-submit]").HasAttribute("disabled"));
        root.Find("input[data-testid=reason-confirm], [data-testid=reason-confirm] input").Change(true);
        root.Find("[data-testid=reason-submit]").Click();

        page.WaitForAssertion(() => Assert.Equal("Live",
            Row(page, DashboardFiguresProjection.ProjectionName).QuerySelector("[data-testid=projection-state]")!.GetAttribute("data-state")),
            TimeSpan.FromSeconds(5));
        var audit = await _console.Services.GetRequiredService<EventReader>().ReadStreamAsync(OperatorStreams.Audit);
        var skipped = Assert.IsType<ProjectionEventSkipped>(Assert.Single(audit).Data);
        Assert.Equal((DashboardFiguresProjection.ProjectionName, parkedAt, "overflowing test payment"), (skipped.Projection, skipped.Position, skipped.Reason));
    }

    [Fact]
    public async Task VerifyShowsThatTheLiveRowsEqualACleanReplay()
    {
        await _console.SendAsync(new RegisterProduct("A1", "Anvil", 10m));
        var page = _console.RenderPage<ProjectionsPage>("/projections");
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=projection-row]").Count));

        Button(page, "StockLevels", "verify").Click();

        page.WaitForAssertion(() => Assert.Contains("No differences", Row(page, "StockLevels").QuerySelector("[data-testid=verification-ok]")!.TextContent));
    }

    [Fact]
    public async Task RebuildAsksForAReasonThenReportsTheFinishedRebuild()
    {
        await _console.SendAsync(new RegisterProduct("A1", "Anvil", 10m));
        var page = _console.RenderPage<ProjectionsPage>("/projections");
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=projection-row]").Count));

        Button(page, "StockLevels", "rebuild").Click();
        var root = _console.Root;
        root.WaitForAssertion(() => Assert.NotNull(root.Find("[data-testid=reason-input]")));
        root.Find("[data-testid=reason-input]").Input("schema changed");
        root.Find("[data-testid=reason-submit]").Click();

        // The log the rebuild replays holds the registration and the audit's "requested" and "started" entries.
        page.WaitForAssertion(() => Assert.Contains("Last rebuild: 3 events", Row(page, "StockLevels").TextContent), TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.Equal(["rebuild finished", "rebuild started", "rebuild requested"],
            Row(page, "StockLevels").QuerySelectorAll("[data-testid=operator-action]").Select(a => a.GetAttribute("data-action"))), TimeSpan.FromSeconds(5));
        Assert.Contains("schema changed", Row(page, "StockLevels").QuerySelector("[data-testid=operator-actions]")!.TextContent);
    }

    [Fact]
    public async Task StatusesRefreshOnReadModelChangesAndEverySecond()
    {
        var page = _console.RenderPage<ProjectionsPage>("/projections");
        page.WaitForAssertion(() => Assert.Contains("Checkpoint 0 of head 0", Row(page, "StockLevels").TextContent));

        await _console.SendAsync(new RegisterProduct("A1", "Anvil", 10m));
        await page.InvokeAsync(() => _console.Feed.ChangeAsync(new BlazorEs.App.Live.ReadModelChange("StockLevels", ["A1"], false, 1)));
        page.WaitForAssertion(() => Assert.Contains("Checkpoint 1 of head 1", Row(page, "StockLevels").TextContent));

        await _console.SendAsync(new ReceiveStock("A1", 5, "PO-1"));
        page.WaitForAssertion(() => Assert.Contains("Checkpoint 2 of head 2", Row(page, "StockLevels").TextContent), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void ARunningRebuildShowsProgressPhaseAndTimeLeft()
    {
        var status = new ProjectionStatus("StockLevels", ProjectionState.Rebuilding, 10, 20, 10, 3.4, 0, null, null,
            new RebuildProgress(RebuildPhase.Replaying, 250, 1000, 500, TimeSpan.FromSeconds(90), DateTime.UtcNow, null, null));

        var card = _console.Bunit.Render<ProjectionCard>(p => p.Add(c => c.Status, status));

        Assert.Equal("Rebuilding", card.Find("[data-testid=projection-state]").GetAttribute("data-state"));
        Assert.Contains("mud-chip-color-warning", card.Find("[data-testid=projection-state]").ClassName);
        Assert.Contains("3 s behind", card.Find("[data-testid=projection-lag]").TextContent);
        Assert.NotNull(card.Find("[data-testid=rebuild-progress]"));
        var text = card.Find("[data-testid=rebuild-running]").TextContent;
        Assert.Contains("Replaying events", text);
        Assert.Contains("25.0%", text);
        Assert.Contains("about 1 min 30 s left", text);
        Assert.True(card.Find("[data-testid=projection-rebuild]").HasAttribute("disabled"));
    }
}
