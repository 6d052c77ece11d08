using BlazorEs.App.Components.Layout;
using BlazorEs.App.Components.Pages.Projections;
using BlazorEs.App.Health;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Health;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Health;

/// <summary>The app bar's readiness indicator and the Projections screen's readiness panel show the one readiness state, each failing check named.</summary>
public sealed class ReadinessViewTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private ConsoleContext _console = default!;

    public async ValueTask InitializeAsync()
    {
        _console = await ConsoleContext.StartAsync();
        await _console.SendAsync(new RegisterProduct("H-1", "Hasp", 2.5m));
    }

    public ValueTask DisposeAsync() => _console.DisposeAsync();

    private Readiness Readiness => _console.Services.GetRequiredService<Readiness>();

    /// <summary>Two payments of decimal.MaxValue written past the domain's rules: the dashboard's revenue total overflows and the projection parks.</summary>
    private async Task<long> PoisonTheDashboardAsync() =>
        (await _console.AppendAsync("order-X", new OrderPaid("X", decimal.MaxValue, "P1"), new OrderPaid("X", decimal.MaxValue, "P2"))).LastPosition;

    [Fact]
    public async Task OnAHealthyStoreTheIndicatorSaysReadyNamingEveryCheck()
    {
        var cut = _console.Render<ReadinessIndicator>();

        await cut.WaitForAssertionAsync(() => Assert.Equal("healthy", cut.Find("[data-testid=readiness-state]").GetAttribute("data-state")), Patience);
        Assert.Equal("Readiness: Ready — every check passes: database, integrity, migrations, projections",
            cut.Find("[data-testid=readiness-state]").GetAttribute("aria-label"));
        Assert.Contains("mud-success-text", cut.Find("[data-testid=readiness-state]").ClassName);
    }

    [Fact]
    public async Task AParkedProjectionTurnsTheIndicatorRedNamingTheCheckAndTheProjection()
    {
        var cut = _console.Render<ReadinessIndicator>();
        await cut.WaitForAssertionAsync(() => Assert.Equal("healthy", cut.Find("[data-testid=readiness-state]").GetAttribute("data-state")), Patience);

        var poison = await PoisonTheDashboardAsync();

        await cut.WaitForAssertionAsync(() => Assert.Equal("unhealthy", cut.Find("[data-testid=readiness-state]").GetAttribute("data-state")), Patience);
        var label = cut.Find("[data-testid=readiness-state]").GetAttribute("aria-label")!;
        Assert.StartsWith($"Readiness: Not ready: projections — {DashboardFiguresProjection.ProjectionName} is parked at position {poison}", label);
        Assert.Contains("mud-error-text", cut.Find("[data-testid=readiness-state]").ClassName);
        Assert.Equal("/projections", new Uri(new Uri("http://x/"), cut.Find("[data-testid=readiness-state]").GetAttribute("href")!).AbsolutePath);
        // What it says is the singleton's state, the one /health/ready answers from.
        Assert.Equal($"Readiness: {ReadinessText.Summary(Readiness.Current)}", label);
    }

    [Fact]
    public async Task ThePanelListsEveryCheckWithItsStateAndTheParkedOneInRed()
    {
        var panel = _console.RenderPage<ReadinessPanel>("/projections");
        await panel.WaitForAssertionAsync(() =>
        {
            Assert.Equal(["database", "integrity", "migrations", "projections"], panel.FindAll("[data-testid=readiness-check]").Select(r => r.GetAttribute("data-check")));
            Assert.All(panel.FindAll("[data-testid=readiness-check]"), r => Assert.Equal("healthy", r.GetAttribute("data-state")));
        }, Patience);
        Assert.Equal("Ready", panel.Find("[data-testid=readiness-panel-state]").TextContent.Trim());

        var poison = await PoisonTheDashboardAsync();

        await panel.WaitForAssertionAsync(() => Assert.Equal("unhealthy", panel.Find("[data-check=projections]").GetAttribute("data-state")), Patience);
        var projections = panel.Find("[data-check=projections]");
        Assert.Contains($"{DashboardFiguresProjection.ProjectionName} is parked at position {poison}", projections.TextContent);
        Assert.Contains("Not ready", projections.TextContent);
        Assert.Equal("unhealthy", panel.Find("[data-testid=readiness-panel]").GetAttribute("data-state"));
        Assert.Equal("Not ready", panel.Find("[data-testid=readiness-panel-state]").TextContent.Trim());
        Assert.Equal("healthy", panel.Find("[data-check=database]").GetAttribute("data-state"));
    }

    [Fact]
    public async Task TheProjectionsScreenCarriesThePanel()
    {
        var page = _console.RenderPage<ProjectionsPage>("/projections");

        await page.WaitForAssertionAsync(() => Assert.Equal(4, page.FindAll("[data-testid=readiness-check]").Count), Patience);
    }
}
