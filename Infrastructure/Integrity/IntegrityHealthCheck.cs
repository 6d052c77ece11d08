using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorEs.Infrastructure.Integrity;

/// <summary>
/// Reports a broken chain as Degraded, not Unhealthy: the instance keeps serving reads and commands (a broken history
/// is a matter for an operator, not a reason for a load balancer to take the instance out).
/// </summary>
public sealed class IntegrityHealthCheck(IntegrityMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var s = monitor.Status;
        var data = new Dictionary<string, object> { ["state"] = s.State.ToString(), ["verifiedThrough"] = s.VerifiedThrough };
        return Task.FromResult(s.State switch
        {
            IntegrityState.Broken => HealthCheckResult.Degraded(
                $"Hash chain broken: {s.FirstBreak?.Kind} at position {s.FirstBreak?.Position}: {s.FirstBreak?.Reason}", data: data),
            IntegrityState.Verifying => HealthCheckResult.Healthy($"Hash chain being verified (through position {s.VerifiedThrough}).", data),
            _ => HealthCheckResult.Healthy($"Hash chain intact through position {s.VerifiedThrough}.", data),
        });
    }
}
