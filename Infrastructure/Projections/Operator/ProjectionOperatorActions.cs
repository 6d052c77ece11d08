using BlazorEs.Domain.Errors;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// What an operator can do to a parked projection: try the failing event again, or move past it. Both take the
/// projection's lock, so they never race its catch-up; who asked and why is recorded by the audited command handlers
/// (Infrastructure/Operations) under that lock, once the position they name is known to be the parked one.
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

    public async Task<long> RetryAsync(long parkedAt, Func<Task> beforeChange, CancellationToken ct)
    {
        using var lease = await live.LockAsync(ct);
        await ExpectParkedAtAsync(parkedAt, "retry", ct);
        await beforeChange();
        await live.ClearParkAsync(live.Checkpoint, ct);
        await live.CatchUpLockedAsync(ct);
        return parkedAt;
    }

    public async Task<long> SkipAsync(long parkedAt, Func<Task> beforeChange, CancellationToken ct)
    {
        using var lease = await live.LockAsync(ct);
        await ExpectParkedAtAsync(parkedAt, "skip", ct);
        await beforeChange();
        await live.ClearParkAsync(parkedAt, ct);
        await live.CatchUpLockedAsync(ct);
        return parkedAt;
    }

    private async Task ExpectParkedAtAsync(long position, string action, CancellationToken ct)
    {
        await live.EnsureLoadedAsync(ct);
        if (live.ParkedAt is not { } parked)
            throw DomainException.Rule($"{live.Name} is not parked; there is no event to {action}.");
        if (parked != position)
            throw DomainException.Conflict($"{live.Name} is parked at position {parked}, not {position}: nothing was done. Look at event #{parked} and {action} it by its position.");
    }

    private async Task<long> ParkedAtAsync(CancellationToken ct)
    {
        await live.EnsureLoadedAsync(ct);
        return live.ParkedAt ?? throw new InvalidOperationException($"{live.Name} is not parked.");
    }
}
