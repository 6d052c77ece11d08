using BlazorEs.Infrastructure.Cluster;
using Mediator;

namespace BlazorEs.App.Cluster;

/// <summary>GET /api/cluster: this instance, the one that projects (lease holder, epoch, expiry), and every instance alive.</summary>
internal static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cluster", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetClusterStatus(), ct))) // typed: the document has its 200 schema
            .RequireAuthorization(Auth.ConsolePolicies.View)
            .WithName("GetCluster").WithSummary("The instances alive and the one that projects.")
            .WithDescription("This instance, the projector's lease (holder, epoch, since, expiry) and every instance's heartbeat.");
        return app;
    }
}
