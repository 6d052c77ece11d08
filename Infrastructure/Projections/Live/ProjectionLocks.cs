using System.Collections.Concurrent;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// The seam for "only one catch-up of a projection at a time" inside this instance. Across instances, only the
/// holder of the projector's lease catches up at all, and every read-side commit is fenced by its epoch
/// (Infrastructure/Cluster/ProjectorLease): these in-process locks only order the holder's own work.
/// </summary>
public sealed class ProjectionLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    /// <summary>Null when the lock was not free within <paramref name="timeout"/>.</summary>
    public async Task<IDisposable?> TryAcquireAsync(string projection, TimeSpan timeout, CancellationToken ct)
    {
        var semaphore = _locks.GetOrAdd(projection, _ => new SemaphoreSlim(1, 1));
        return await semaphore.WaitAsync(timeout, ct) ? new Lease(semaphore) : null;
    }

    public async Task<IDisposable> AcquireAsync(string projection, CancellationToken ct) =>
        (await TryAcquireAsync(projection, Timeout.InfiniteTimeSpan, ct))!;

    private sealed class Lease(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) semaphore.Release();
        }
    }
}
