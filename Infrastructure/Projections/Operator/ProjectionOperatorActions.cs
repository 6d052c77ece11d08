namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// What an operator can do to a parked projection: try the failing event again, or move past it. Both take the
/// projection's lock, so they never race its catch-up; who asked and why is recorded by the audited command handlers
/// (Infrastructure/Operations) before they call these.
/// </summary>
internal sealed class ProjectionOperatorActions<TRow>(LiveReadModel<TRow> live) : IProjectionOperatorActions
    where TRow : class, IReadModelRow
{
    public async Task<long> RetryAsync(CancellationToken ct)
    {
        live.Lease?.EnsureHolder($"Retrying {live.Name}");
        using var lease = await live.LockAsync(ct);
        var parked = await ParkedAtAsync(ct);
        await live.ClearParkAsync(live.Checkpoint, ct);
        await live.CatchUpLockedAsync(ct);
        return parked;
    }

    public async Task<long> SkipAsync(CancellationToken ct)
    {
        live.Lease?.EnsureHolder($"Skipping an event of {live.Name}");
        using var lease = await live.LockAsync(ct);
        var parked = await ParkedAtAsync(ct);
        await live.ClearParkAsync(parked, ct);
        await live.CatchUpLockedAsync(ct);
        return parked;
    }

    private async Task<long> ParkedAtAsync(CancellationToken ct)
    {
        await live.EnsureLoadedAsync(ct);
        return live.ParkedAt ?? throw new InvalidOperationException($"{live.Name} is not parked.");
    }
}
