namespace BlazorEs.Infrastructure.Cluster;

/// <summary>
/// "Another instance committed": woken by the cross-instance channel (Redis) when there is one, so the projector and
/// the live push read the new events at once instead of at their next poll.
/// </summary>
public sealed class ClusterWake
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next wake-up.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Wake() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
