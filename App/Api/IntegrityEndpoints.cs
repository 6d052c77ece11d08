using System.Text.Json;
using BlazorEs.App.Auth;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Integrity;

namespace BlazorEs.App.Api;

/// <summary>/api/integrity: the hash chain's state, and a full verification on request (progress in the state).</summary>
internal static class IntegrityEndpoints
{
    public static IEndpointRouteBuilder MapIntegrityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/integrity", (IntegrityMonitor monitor) => TypedResults.Ok(IntegrityView.From(monitor.Status)))
            .WithName("GetIntegrity").WithSummary("The hash chain's state.")
            .WithDescription("State (verifying, intact, broken), verified-through, head, the last signed checkpoint, the first break and the progress of a full verification.")
            .RequireAuthorization(ConsolePolicies.View);
        app.MapPost("/api/integrity/verify", async (IntegrityAudit audit, ICurrentUser user, CancellationToken ct) =>
        {
            // The policy admits only signed-in users, so a name is always there.
            var run = await audit.RequestFullVerificationAsync(user.Name ?? "unknown", ct);
            return TypedResults.Accepted("/api/integrity", VerificationView.From(run));
        }).WithName("VerifyIntegrity").WithSummary("Starts a full verification of the chain.")
            .WithDescription("202 with the run (the running one if one is under way); its progress shows in GET /api/integrity.")
            .RequireAuthorization(ConsolePolicies.Audit);
        return app;
    }
}

/// <summary>GET /api/integrity as answered: states and kinds as lower camel case words.</summary>
internal sealed record IntegrityView(
    string State,
    long VerifiedThrough,
    long Head,
    CheckpointStatus? LastCheckpoint,
    ChainBreakView? FirstBreak,
    IReadOnlyList<ChainBreakView> Breaks,
    VerificationView? Verification)
{
    public static IntegrityView From(IntegrityStatus s) => new(
        Word(s.State.ToString()), s.VerifiedThrough, s.Head, s.LastCheckpoint,
        s.FirstBreak is { } b ? ChainBreakView.From(b) : null,
        [.. s.Breaks.Select(ChainBreakView.From)],
        s.Verification is { } run ? VerificationView.From(run) : null);

    public static string Word(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}

/// <summary>A full verification: how far it got (progress 0-1) of how much, who started it, when it started and finished.</summary>
internal sealed record VerificationView(bool Running, long Through, long Head, double Progress, DateTime StartedAt, DateTime? FinishedAt, string StartedBy)
{
    public static VerificationView From(VerificationRun r) => new(r.Running, r.Through, r.Head, r.Progress, r.StartedAt, r.FinishedAt, r.StartedBy);
}

/// <summary>One break; for a row, what is stored beside what the chain expected.</summary>
internal sealed record ChainBreakView(
    long Position,
    string Kind,
    string Reason,
    StoredRowView? Stored,
    string? StoredPreviousHash,
    string? StoredHash,
    string? ExpectedPreviousHash,
    string? ExpectedHash)
{
    public static ChainBreakView From(ChainBreak b) => new(
        b.Position, IntegrityView.Word(b.Kind.ToString()), b.Reason, b.Stored is { } row ? StoredRowView.From(row) : null,
        b.StoredPreviousHash, b.StoredHash, b.ExpectedPreviousHash, b.ExpectedHash);
}

/// <summary>A broken row's columns as stored, its data as text (it may no longer be JSON).</summary>
internal sealed record StoredRowView(
    long Position,
    string EventId,
    string StreamId,
    long StreamVersion,
    string Type,
    int SchemaVersion,
    DateTime RecordedAt,
    string UserId,
    string CommandName,
    string CommandId,
    string CorrelationId,
    string CausationId,
    string Data)
{
    public static StoredRowView From(RecordedEvent e) => new(
        e.Position, e.EventId, e.StreamId, e.StreamVersion, e.Type, e.SchemaVersion, e.RecordedAt,
        e.UserId, e.CommandName, e.CommandId, e.CorrelationId, e.CausationId, e.Data);
}
