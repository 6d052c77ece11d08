using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Projections;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Health;

/// <summary>
/// The one answer to "is this instance ready?", read by /health/ready, the app bar's indicator and the Projections
/// screen's panel, so they never disagree. It runs the checks tagged <see cref="HealthTags.Ready"/> at most once per
/// <see cref="MaxAge"/> (callers meanwhile share the last run; a change of the integrity state makes it stale), every
/// Health:PollInterval in the background, and — while a console listens to <see cref="Changed"/> — soon after a
/// read-model or integrity change (coalesced to one run per <see cref="MaxAge"/>).
/// </summary>
public sealed class Readiness(
    HealthCheckService checks,
    HealthOptions options,
    IntegrityMonitor integrity,
    ReadModelChangeFeed changes,
    TimeProvider time,
    ILogger<Readiness> logger) : BackgroundService
{
    /// <summary>How old an answer may be and still be given: a probe or a burst of screens costs one run per second at most.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly SemaphoreSlim _nudge = new(0, 1);
    private LastRun? _last;

    /// <summary>Raised after every run, off any render thread. Listening also makes live changes refresh the state.</summary>
    public event Action<ReadinessReport>? Changed;

    /// <summary>The last run's answer; null before the first.</summary>
    public ReadinessReport? Current => Volatile.Read(ref _last)?.Report;

    /// <summary>The answer, at most <see cref="MaxAge"/> old; runs the checks when the last answer is older.</summary>
    public async Task<ReadinessReport> CheckAsync(CancellationToken ct)
    {
        if (Fresh() is { } fresh) return fresh;
        await _running.WaitAsync(ct);
        try
        {
            if (Fresh() is { } justRun) return justRun; // another caller ran them while this one waited
            var state = integrity.Status.State;
            var report = ReadinessReport.From(await checks.CheckHealthAsync(r => r.Tags.Contains(HealthTags.Ready), ct), time.GetUtcNow().UtcDateTime);
            Volatile.Write(ref _last, new LastRun(report, state));
            Changed?.Invoke(report);
            return report;
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>The last answer while it is young enough and the integrity state it saw is still the state.</summary>
    private ReadinessReport? Fresh() =>
        Volatile.Read(ref _last) is { } last && time.GetUtcNow().UtcDateTime - last.Report.CheckedAt < MaxAge && last.Integrity == integrity.Status.State
            ? last.Report
            : null;

    private sealed record LastRun(ReadinessReport Report, IntegrityState Integrity);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        changes.Changed += OnReadModelsChanged;
        integrity.Changed += OnIntegrityChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "The readiness checks could not run; trying again in {Interval}.", options.PollInterval);
                }
                if (!await _nudge.WaitAsync(options.PollInterval, stoppingToken)) continue;
                // A change: wait out the last answer's age so the next run is a new one, and later changes join it.
                var age = time.GetUtcNow().UtcDateTime - (Current?.CheckedAt ?? DateTime.MinValue);
                if (age < MaxAge) await Task.Delay(MaxAge - age, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            changes.Changed -= OnReadModelsChanged;
            integrity.Changed -= OnIntegrityChanged;
        }
    }

    // Raised on committing threads: take the change and return, never block.
    private void OnReadModelsChanged(ReadModelsChanged change) => Nudge();

    private void OnIntegrityChanged(IntegrityStatus status) => Nudge();

    private void Nudge()
    {
        if (Changed is null || _nudge.CurrentCount > 0) return;
        try
        {
            _nudge.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another change nudged it first: one run serves both.
        }
    }
}
