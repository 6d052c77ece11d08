using System.Text.Json;
using BlazorEs.App.Auth;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Integrity;

namespace BlazorEs.App.Api;

/// <summary>/api/integrity: the hash chain's state, and a full verification on request (progress in the state).</summary>
internal static class IntegrityEndpoints
{
    public static IEndpointRouteBuilder MapIntegrityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/integrity", (IntegrityMonitor monitor) => Results.Ok(IntegrityJson.From(monitor.Status)))
            .WithName("GetIntegrity").WithSummary("The hash chain's state, verified-through, head, last signed checkpoint and first break.")
            .RequireAuthorization(ConsolePolicies.View);
        app.MapPost("/api/integrity/verify", async (IntegrityAudit audit, ICurrentUser user, CancellationToken ct) =>
        {
            // The policy admits only signed-in users, so a name is always there.
            var run = await audit.RequestFullVerificationAsync(user.Name ?? "unknown", ct);
            return Results.Accepted("/api/integrity", IntegrityJson.From(run));
        }).WithName("VerifyIntegrity").WithSummary("Starts a full verification of the chain (202; progress in GET /api/integrity).")
            .RequireAuthorization(ConsolePolicies.Audit);
        return app;
    }
}

/// <summary>The shapes of GET /api/integrity: states and kinds as lower camel case words; a break's stored data as text (it may no longer be JSON).</summary>
internal static class IntegrityJson
{
    public static object From(IntegrityStatus s) => new
    {
        state = Word(s.State.ToString()),
        verifiedThrough = s.VerifiedThrough,
        head = s.Head,
        lastCheckpoint = s.LastCheckpoint,
        firstBreak = s.FirstBreak is { } b ? From(b) : null,
        breaks = s.Breaks.Select(From),
        verification = s.Verification is { } run ? From(run) : null,
    };

    public static object From(VerificationRun r) => new { r.Running, r.Through, r.Head, r.Progress, r.StartedAt, r.FinishedAt, r.StartedBy };

    private static object From(ChainBreak b) => new
    {
        b.Position,
        kind = Word(b.Kind.ToString()),
        b.Reason,
        b.Stored,
        b.StoredPreviousHash,
        b.StoredHash,
        b.ExpectedPreviousHash,
        b.ExpectedHash,
    };

    private static string Word(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
