using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>A projection that can be rebuilt from the log (its runner).</summary>
internal interface IRebuildTarget
{
    /// <summary>Starts a rebuild; throws when one is already running.</summary>
    IRebuildJob Start(DateTime started);
}

/// <summary>One projection's rebuild: fed every event up to the head, then written, verified and swapped in.</summary>
internal interface IRebuildJob
{
    string Name { get; }

    void Apply(IReadOnlyList<StoredEvent> batch);

    void Progress(long position, long head);

    Task<RebuildProgress> FinishAsync(long head, CancellationToken ct);

    /// <summary>Marks the rebuild failed (never throws); the live table is left as it was.</summary>
    RebuildProgress Fail(Exception ex);
}

/// <summary>
/// Reads the log once from position 0 to the head and feeds every batch to each rebuild, reading the next batches
/// while the current one is applied; then finishes the rebuilds one after another (tail, then live rows replaced, counted and checkpointed in one transaction).
/// </summary>
internal static class RebuildPass
{
    // Small batches keep few events alive at once: events waiting in the scan's read-ahead outlive the GC's youngest
    // generation and are copied into older ones. Over 1M events, 5,000-event batches with 4 read ahead had the GC
    // pausing the rebuild ~24% of the time (~105 gen1+ collections); 1,000 with 2, ~13% (~60); 500 with 1, ~10% (~34).
    private const int BatchSize = 500;

    public static async Task<IReadOnlyList<RebuildProgress>> RunAsync(IReadOnlyList<IRebuildTarget> targets, EventReader reader, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var jobs = new List<IRebuildJob>();
        try
        {
            foreach (var target in targets) jobs.Add(target.Start(started));
        }
        catch (Exception ex)
        {
            foreach (var job in jobs) job.Fail(ex);
            throw;
        }

        long head;
        try
        {
            head = await reader.HeadPositionAsync(ct);
            foreach (var job in jobs) job.Progress(0, head);
            // The scan reads and deserializes the next batches on another thread while this one is applied.
            await foreach (var batch in reader.ScanAsync(0, head, BatchSize, ct))
            {
                var position = batch[^1].Position;
                foreach (var job in jobs)
                {
                    job.Apply(batch);
                    job.Progress(position, head);
                }
            }
        }
        catch (Exception ex)
        {
            var failed = jobs.Select(j => j.Fail(ex)).ToList();
            if (ex is OperationCanceledException) throw;
            return failed;
        }

        var results = new List<RebuildProgress>();
        foreach (var job in jobs) results.Add(await job.FinishAsync(head, ct));
        return results;
    }
}
