using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorEs.Infrastructure.Persistence;

/// <summary>Healthy when the event store answers a query.</summary>
public sealed class DatabaseHealthCheck(StoreContextFactory factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = factory.CreateContext();
            var head = await db.Events.MaxAsync(e => (long?)e.Position, cancellationToken) ?? 0;
            return HealthCheckResult.Healthy($"Event store reachable ({factory.Provider}), head position {head}.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"Event store unreachable ({factory.Provider}): {ex.Message}");
        }
    }
}
