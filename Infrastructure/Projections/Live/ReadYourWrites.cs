namespace BlazorEs.Infrastructure.Projections;

/// <summary>Waits until projections show a position: a command's caller can read its own writes.</summary>
public sealed class ReadYourWrites(ProjectionCatalog projections, ProjectionOptions options)
{
    /// <summary>
    /// True when every named projection (all when none are named) reached <paramref name="position"/> within
    /// <paramref name="timeout"/>; false on timeout. Throws <see cref="ProjectionParkedException"/> when one is parked
    /// before it, and <see cref="KeyNotFoundException"/> for an unknown name.
    /// </summary>
    public async Task<bool> WaitAsync(long position, IReadOnlyCollection<string>? names, TimeSpan? timeout, CancellationToken ct)
    {
        var runners = names is { Count: > 0 }
            ? names.Select(n => projections.TryGet(n, out var r) ? r : throw new KeyNotFoundException($"Unknown projection '{n}'. Projections: {string.Join(", ", projections.Names)}.")).ToList()
            : projections.All.ToList();
        var wait = timeout is { } t && t < options.MaxReadYourWritesWait ? t : options.MaxReadYourWritesWait;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(wait);
        try
        {
            await Task.WhenAll(runners.Select(r => r.Live.WaitForAsync(position, cts.Token)));
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
