using System.Net.Http.Json;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Cluster;

/// <summary>GET /api/cluster, and operator actions sent to an instance that does not project (409 naming the holder).</summary>
public sealed class ClusterEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnInstanceAloneHoldsTheProjectorLeaseAndSaysSo()
    {
        await using var api = new ApiFactory();
        var client = api.As();

        var cluster = await client.GetJsonAsync("/api/cluster");

        var me = cluster.GetProperty("instanceId").GetString();
        Assert.False(string.IsNullOrEmpty(me));
        var projector = cluster.GetProperty("projector");
        Assert.Equal(me, projector.GetProperty("instanceId").GetString());
        Assert.True(projector.GetProperty("epoch").GetInt64() >= 1);
        Assert.True(projector.GetProperty("leaseExpiresAt").GetDateTime().ToUniversalTime() > projector.GetProperty("acquiredAt").GetDateTime().ToUniversalTime());
        var instance = Assert.Single(cluster.GetProperty("instances").EnumerateArray());
        Assert.Equal(me, instance.GetProperty("instanceId").GetString());
        Assert.False(string.IsNullOrEmpty(instance.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task AnOperatorActionSentToAnInstanceThatDoesNotProjectIsRefusedWithTheHoldersName()
    {
        await using var api = new ApiFactory();
        var client = api.As();
        await client.GetJsonAsync("/api/cluster");
        var lease = api.Services.GetRequiredService<ProjectorLease>();
        await using (var db = api.Services.GetRequiredService<StoreContextFactory>().CreateContext())
        {
            var until = DateTime.UtcNow.AddMinutes(1);
            await db.Set<ClusterLease>().Where(l => l.Name == ClusterLease.Projector)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.HolderId, "instance-b").SetProperty(l => l.Epoch, l => l.Epoch + 1).SetProperty(l => l.ExpiresAt, until), Ct);
        }
        Assert.False(await lease.HoldAsync(Ct));
        var eventsBefore = await api.CountEventsAsync();

        foreach (var path in new[] { "/api/projections/StockLevels/rebuild", "/api/projections/rebuild", "/api/projections/StockLevels/retry" })
        {
            using var response = await client.PostAsJsonAsync(path, new { reason = "test", position = 1 }, Ct);
            var problem = await response.AssertProblemAsync(409);
            Assert.Equal("instance-b", problem.GetProperty("holder").GetString());
            Assert.Contains("instance-b", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(eventsBefore, await api.CountEventsAsync()); // nothing recorded in the operator audit
        Assert.Equal("instance-b", (await client.GetJsonAsync("/api/cluster")).GetProperty("projector").GetProperty("instanceId").GetString());
    }
}
