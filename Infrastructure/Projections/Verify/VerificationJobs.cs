using System.Collections.Concurrent;
using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.Limits;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// Verification as a background job: at most one per projection (queued or running), and at most
/// <see cref="WorkLimits.Verifications"/> replaying at once across projections (the rest wait as queued). A request
/// starts one or reads the last one — never a full replay per request.
/// </summary>
public sealed class VerificationJobs(ProjectionCatalog projections, WorkGates gates, TimeProvider clock, ILogger<VerificationJobs> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, VerificationJob> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Starts a verification of <paramref name="projection"/>; a conflict when one is queued or running.</summary>
    public VerificationJob Start(string projection, string requestedBy)
    {
        var runner = Find(projection);
        var queued = new VerificationJob(runner.Name, VerificationState.Queued, requestedBy, clock.GetUtcNow().UtcDateTime);
        while (true)
        {
            if (_jobs.TryGetValue(runner.Name, out var current))
            {
                if (!current.Finished)
                    throw DomainException.Conflict($"{runner.Name} is already being verified (requested by {current.RequestedBy} at {current.RequestedAt:u}, {current.State}); " +
                                                   $"GET /api/projections/{runner.Name}/verify shows its progress.");
                if (!_jobs.TryUpdate(runner.Name, queued, current)) continue;
            }
            else if (!_jobs.TryAdd(runner.Name, queued)) continue;
            break;
        }
        _ = Task.Run(() => RunAsync(runner, queued), CancellationToken.None);
        return queued;
    }

    /// <summary>The running or last verification of <paramref name="projection"/>; null before the first.</summary>
    public VerificationJob? Get(string projection) => _jobs.GetValueOrDefault(Find(projection).Name);

    /// <summary>Waits until the job of <paramref name="projection"/> has finished (tests, a caller that wants the answer).</summary>
    public async Task<VerificationJob> WaitAsync(string projection, CancellationToken ct)
    {
        while (true)
        {
            if (Get(projection) is { Finished: true } done) return done;
            await Task.Delay(20, ct);
        }
    }

    private async Task RunAsync(IProjectionRunner runner, VerificationJob job)
    {
        var ct = _stopping.Token;
        try
        {
            using var slot = await gates.WaitAsync(WorkKind.Verification, ct);
            job = Set(job with { State = VerificationState.Running, StartedAt = clock.GetUtcNow().UtcDateTime, Checkpoint = runner.Checkpoint, Total = runner.Checkpoint });
            var started = job;
            // Only this task writes the job while it runs (Start refuses a second one until it has finished).
            var differences = await runner.Rebuild.VerifyAsync(ct, (processed, total) => Set(started with { Processed = processed, Total = total }));
            Set(_jobs[runner.Name] with
            {
                State = VerificationState.Done,
                FinishedAt = clock.GetUtcNow().UtcDateTime,
                Processed = _jobs[runner.Name].Total,
                DifferenceCount = differences.Count,
                Differences = differences.Take(VerificationJob.MaxDifferencesShown).ToList(),
            });
        }
        catch (Exception ex)
        {
            if (ex is not OperationCanceledException) logger.LogError(ex, "Verifying {Projection} failed", runner.Name);
            Set(_jobs[runner.Name] with { State = VerificationState.Failed, FinishedAt = clock.GetUtcNow().UtcDateTime, Error = ex.Message });
        }
    }

    private VerificationJob Set(VerificationJob job) => _jobs[job.Projection] = job;

    private IProjectionRunner Find(string name) =>
        projections.TryGet(name, out var runner)
            ? runner
            : throw DomainException.NotFound($"There is no projection '{name}'. Projections: {string.Join(", ", projections.Names)}.");

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
