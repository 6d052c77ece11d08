using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Infrastructure.Integrity;

/// <summary>A full verification someone asked for (the API or the integrity screen): who, and the head it was asked at.</summary>
public sealed record IntegrityVerificationRequested(long Head);

/// <summary>
/// Records who asked for a full verification in the <see cref="Stream"/> stream (exports go to
/// <see cref="Export.ExportStreams.Audit"/>), the user in the event's metadata like every command's.
/// </summary>
public sealed class IntegrityAudit(EventStoreWriter writer, IntegrityMonitor monitor)
{
    public const string Stream = "integrity-audit";

    /// <summary>
    /// Records the request, then starts a full verification (or joins the running one). Recorded first: a verification
    /// that dies halfway (the process killed) is in the audit all the same, and one the store cannot record is not run.
    /// </summary>
    public async Task<VerificationRun> RequestFullVerificationAsync(string user, CancellationToken ct)
    {
        var id = Guid.CreateVersion7().ToString();
        await writer.AppendAsync(new AppendRequest(
            [new StreamAppend(Stream, ExpectedVersion.Any, [new IntegrityVerificationRequested(monitor.Status.Head)])],
            new EventMetadata(user, "VerifyIntegrity", id, id, id)), ct);
        return monitor.RequestFullVerification(user);
    }
}
