using BlazorEs.App.Components.Pages.Projections;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Persistence;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Components.Projections;

/// <summary>The Projections screen's cluster panel: the instances alive and which one projects.</summary>
public sealed class ClusterPanelTests : IAsyncLifetime
{
    private ConsoleContext _console = default!;

    public async ValueTask InitializeAsync() => _console = await ConsoleContext.StartAsync();

    public ValueTask DisposeAsync() => _console.DisposeAsync();

    [Fact]
    public void AConsoleAloneShowsItselfAsTheProjector()
    {
        var me = _console.Services.GetRequiredService<ProjectorLease>().InstanceId;

        var panel = _console.RenderPage<ClusterPanel>("/projections");

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid=cluster-instance]")));
        var row = panel.Find("[data-testid=cluster-instance]");
        Assert.Equal(me, row.GetAttribute("data-instance"));
        Assert.Contains("(this console)", row.TextContent);
        Assert.Contains("Projector", row.TextContent);
        Assert.Contains($"{me} projects", panel.Find("[data-testid=cluster-projector]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=cluster-not-projector]"));
    }

    [Fact]
    public async Task WhenAnotherInstanceProjectsThePanelNamesItAndSaysWhereOperatorActionsRun()
    {
        var lease = _console.Services.GetRequiredService<ProjectorLease>();
        await using (var db = _console.Services.GetRequiredService<StoreContextFactory>().CreateContext())
        {
            var until = DateTime.UtcNow.AddMinutes(1);
            await db.Set<ClusterLease>().Where(l => l.Name == ClusterLease.Projector).ExecuteUpdateAsync(s => s
                .SetProperty(l => l.HolderId, "instance-b").SetProperty(l => l.Epoch, l => l.Epoch + 1).SetProperty(l => l.ExpiresAt, until));
        }
        await lease.HoldAsync(CancellationToken.None);

        var panel = _console.RenderPage<ClusterPanel>("/projections");

        panel.WaitForAssertion(() => Assert.Contains("instance-b projects", panel.Find("[data-testid=cluster-projector]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Contains("open instance-b's console", panel.Find("[data-testid=cluster-not-projector]").TextContent);
        Assert.Contains("Follows", panel.Find("[data-testid=cluster-instance]").TextContent);
    }
}
