namespace BlazorEs.Infrastructure.Health;

/// <summary>
/// The readiness seam: every check registered with the tag <see cref="Ready"/> is part of /health/ready (and /health),
/// of the app bar's state and of the Projections screen's. A new check (integrity, for one) is one line:
/// <c>builder.Services.AddHealthChecks().AddCheck&lt;TheCheck&gt;("name", tags: [HealthTags.Ready]);</c>
/// </summary>
public static class HealthTags
{
    public const string Ready = "ready";
}
