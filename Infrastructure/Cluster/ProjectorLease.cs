using System.Runtime.CompilerServices;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Cluster;

/// <summary>What the lease row says (holder, epoch, expiry), as this instance last read it.</summary>
public sealed record LeaseView(string HolderId, long Epoch, DateTime ExpiresAt, DateTime AcquiredAt);

/// <summary>
/// The one seam for "exactly one instance projects": a lease row in the database, taken when it has lapsed, renewed
/// by its holder (<see cref="ClusterHeartbeat"/>), and a fencing epoch that grows at every take-over. Every read-side
/// commit runs <see cref="FenceAsync"/> in its own transaction, so a holder that lost the lease without noticing (a
/// long pause, a cut network) has its commit refused instead of applied. The catch-up, the snapshot writer, rebuilds,
/// operator actions and the seed ask <see cref="IsHolder"/> first; an instance that takes the lease at a new epoch
/// reloads its in-memory rows (<see cref="Epoch"/> differs from the one they were loaded under).
/// </summary>
public sealed class ProjectorLease(StoreContextFactory factory, ClusterOptions options, ILogger<ProjectorLease> logger)
{
    // Wall-clock time on purpose (not the app's TimeProvider, which tests may freeze or move): leases are real time.
    private static readonly TimeProvider Clock = TimeProvider.System;
    private static readonly DateTime Lapsed = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _epoch;
    private long _validUntilTicks;
    private readonly Lock _gate = new();
    private bool _wasHolder;

    public string InstanceId => options.InstanceId;

    /// <summary>The epoch this instance holds the lease at; 0 when it does not hold it.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>
    /// True while this instance holds the lease and its last renewal is younger than the timeout (measured from
    /// before the renewal was sent, so this instance stops believing it holds the lease no later than the row expires).
    /// </summary>
    public bool IsHolder => Epoch > 0 && Clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _validUntilTicks);

    /// <summary>The lease row as last read (null before the first attempt).</summary>
    public LeaseView? Last { get; private set; }

    /// <summary>Completes after the first attempt to take the lease (hosted services wait for it before deciding whether they run).</summary>
    public Task Ready => _ready.Task;

    /// <summary>Completes the next time this instance gains or loses the lease.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>Renews the lease when this instance holds it, takes it when it has lapsed; returns whether this instance holds it now.</summary>
    public async Task<bool> HoldAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var expires = now + options.LeaseTimeout;
        var held = Epoch;
        try
        {
            // No transaction around the statements: each UPDATE holds the lease row's lock only while it runs. In one
            // transaction the row stayed locked across the round trips up to the commit, and every read-side commit's
            // fence (an UPDATE of the same row) waited behind it, with the commands waiting for their projection round.
            // Nothing is lost by it: a renewal extends the expiry and a take-over needs it lapsed, so no other
            // instance can change the row between the UPDATE and the read.
            await using var db = factory.CreateReadSideContext();
            var leases = db.Set<ClusterLease>().Where(l => l.Name == ClusterLease.Projector);
            var renewed = held > 0 && await leases.Where(l => l.HolderId == options.InstanceId && l.Epoch == held)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expires), ct) == 1;
            var taken = !renewed && options.Projector && await leases.Where(l => l.ExpiresAt < now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(l => l.HolderId, options.InstanceId)
                    .SetProperty(l => l.Epoch, l => l.Epoch + 1)
                    .SetProperty(l => l.ExpiresAt, expires)
                    .SetProperty(l => l.AcquiredAt, now), ct) == 1;
            var row = await leases.AsNoTracking().SingleAsync(ct);
            Last = new LeaseView(row.HolderId, row.Epoch, row.ExpiresAt, row.AcquiredAt);
            if (renewed || taken)
            {
                if (taken) logger.LogInformation("{Instance} took the projector lease at epoch {Epoch}", options.InstanceId, row.Epoch);
                Interlocked.Exchange(ref _validUntilTicks, (now + options.LeaseTimeout - options.LeaseTimeout / 10).Ticks);
                Interlocked.Exchange(ref _epoch, row.Epoch);
            }
            else
            {
                if (held > 0) logger.LogWarning("{Instance} lost the projector lease to {Holder} (epoch {Epoch})", options.InstanceId, row.HolderId, row.Epoch);
                Interlocked.Exchange(ref _epoch, 0);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database is unreachable or busy: keep what is known; IsHolder lapses on its own at the deadline.
            logger.LogWarning(ex, "{Instance} could not renew or take the projector lease", options.InstanceId);
        }
        finally
        {
            _ready.TrySetResult();
            SignalIfChanged();
        }
        return IsHolder;
    }

    /// <summary>
    /// Reads the lease row without writing (an instance that does not hold the lease looks often and tries to take it
    /// only once it has lapsed or was given up): returns whether it can be taken now.
    /// </summary>
    public async Task<bool> PeekAsync(CancellationToken ct)
    {
        await using var db = factory.CreateReadSideContext();
        var row = await db.Set<ClusterLease>().AsNoTracking().SingleAsync(l => l.Name == ClusterLease.Projector, ct);
        Last = new LeaseView(row.HolderId, row.Epoch, row.ExpiresAt, row.AcquiredAt);
        return row.ExpiresAt < Clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>Gives the lease up (a clean shutdown), so another instance takes it at once instead of after the timeout.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        var held = Interlocked.Exchange(ref _epoch, 0);
        SignalIfChanged();
        if (held == 0) return;
        await using var db = factory.CreateReadSideContext();
        await db.Set<ClusterLease>()
            .Where(l => l.Name == ClusterLease.Projector && l.HolderId == options.InstanceId && l.Epoch == held)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, Lapsed), ct);
        logger.LogInformation("{Instance} released the projector lease (epoch {Epoch})", options.InstanceId, held);
    }

    /// <summary>
    /// Inside a read-side transaction on <paramref name="db"/>: refuses it (throws) unless the stored lease is still
    /// this instance's at its epoch. See <see cref="LeaseSql.Fence"/> for why this also orders it against a take-over.
    /// </summary>
    public async Task FenceAsync(EventStoreDbContext db, CancellationToken ct)
    {
        var epoch = Epoch;
        if (epoch == 0) throw Refused();
        var sql = FormattableStringFactory.Create(LeaseSql.Fence(factory.Provider), ClusterLease.Projector, epoch, options.InstanceId);
        if (await db.Database.ExecuteSqlAsync(sql, ct) != 1)
        {
            Interlocked.CompareExchange(ref _epoch, 0, epoch);
            SignalIfChanged();
            throw Refused();
        }
    }

    /// <summary>Throws unless this instance is the projector: <paramref name="what"/> runs only there.</summary>
    public void EnsureHolder(string what)
    {
        if (IsHolder) return;
        var holder = Last is { } l && l.ExpiresAt > Clock.GetUtcNow().UtcDateTime && l.HolderId.Length > 0 ? l.HolderId : null;
        throw new NotTheProjectorException(holder is null
            ? $"{what} runs on the instance that projects, and no instance holds the projector lease right now; try again in a few seconds."
            : $"{what} runs on the instance that projects: {holder} holds the projector lease, this is {options.InstanceId}. Send it to {holder}.", holder);
    }

    private NotTheProjectorException Refused() => new(
        $"{options.InstanceId} does not hold the projector lease at epoch {Epoch}: the read-side commit was refused.", Last?.HolderId);

    private void SignalIfChanged()
    {
        lock (_gate)
        {
            var holder = IsHolder;
            if (holder == _wasHolder) return;
            _wasHolder = holder;
        }
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Called by the heartbeat between attempts: notices a lease that lapsed locally (no renewal in time).</summary>
    internal void Tick() => SignalIfChanged();
}
