using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.EventStore;
using Microsoft.EntityFrameworkCore;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>Every projection's runner, by name, and the catch-up and rebuild that serve them all at once.</summary>
public sealed class ProjectionCatalog : IAsyncDisposable
{
    private readonly Dictionary<string, IProjectionParts> _runners;
    private readonly CatchUpRound? _round;
    private readonly EventReader? _reader;
    private readonly SemaphoreSlim _roundLock = new(1, 1);
    private readonly StoreContextFactory? _factory;

    public ProjectionCatalog(IEnumerable<IProjectionRunner> runners, CatchUpRound? round = null, EventReader? reader = null,
        ProjectorLease? lease = null, StoreContextFactory? factory = null)
    {
        Lease = lease;
        _factory = factory;
        // Every runner is made by For (or is none at all): the catalog drives their internal parts.
        _runners = runners.Cast<IProjectionParts>().ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        _round = round;
        _reader = reader;
    }

    public IReadOnlyCollection<IProjectionRunner> All => _runners.Values;

    /// <summary>The projector's lease these projections are fenced by (null: a catalog of its own, which always projects).</summary>
    public ProjectorLease? Lease { get; }

    /// <summary>Whether this instance applies events now (holds the lease, or has none to hold).</summary>
    public bool Projects => Lease?.IsHolder ?? true;

    public IEnumerable<string> Names => _runners.Values.Select(r => r.Name);

    public bool TryGet(string name, out IProjectionRunner runner)
    {
        var found = _runners.TryGetValue(name, out var parts);
        runner = parts!;
        return found;
    }

    public IProjectionRunner this[string name] => _runners[name];

    /// <summary>
    /// Brings every projection to <paramref name="position"/> (null: the head) with one shared round: one reader of
    /// each batch, one transaction for all projections' rows and checkpoints. Concurrent callers coalesce: one
    /// leads the round, the others wait at most <paramref name="lockWait"/> and find their position already applied.
    /// Projections the round could not carry (busy with an operator action or a rebuild swap, failing, parked by
    /// now) go through their own runner's catch-up, which retries and parks. Returns the projections left behind.
    /// </summary>
    public async Task<IReadOnlyList<IProjectionRunner>> CatchUpAsync(long? position, TimeSpan lockWait, CancellationToken ct)
    {
        if ((position is { } p && Reached(p)) || !Projects) return [];
        var carried = new HashSet<ICatchUpParticipant>();
        if (_round is not null && await _roundLock.WaitAsync(lockWait, ct))
        {
            try
            {
                if (position is not { } target || !Reached(target)) carried = await RunRoundAsync(position, ct);
            }
            finally
            {
                _roundLock.Release();
            }
        }

        var behind = _runners.Values.Where(r => !carried.Contains(r.Participant) && !Done(r, position)).ToList();
        var left = await Task.WhenAll(behind.Select(async runner =>
        {
            if (position is { } at) return await runner.Live.TryCatchUpAsync(at, lockWait, ct) ? null : runner;
            await runner.Live.CatchUpAsync(ct);
            return null;
        }));
        return left.OfType<IProjectionRunner>().ToList();
    }

    /// <summary>
    /// On an instance that does not project: every projection takes its stored checkpoint (one query for all), and
    /// announces its rows changed when it moved. Does nothing on the projector.
    /// </summary>
    public async Task FollowAsync(CancellationToken ct)
    {
        if (Projects || _factory is null) return;
        List<ProjectionCheckpoint> stored;
        await using (var db = _factory.CreateContext())
            stored = await db.Set<ProjectionCheckpoint>().AsNoTracking().ToListAsync(ct);
        var byName = stored.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var runner in _runners.Values) await runner.FollowAsync(byName.GetValueOrDefault(runner.Name), ct);
    }

    /// <summary>On an instance that does not project: the projector announced a commit of <paramref name="change"/>'s projection.</summary>
    public void FollowChange(ReadModelsChanged change)
    {
        if (_runners.TryGetValue(change.Projection, out var runner)) runner.FollowChange(change);
    }

    public ValueTask DisposeAsync() => _round?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Rebuilds every projection with one pass over the log (see <see cref="IProjectionRebuild.RunAsync"/>).</summary>
    public async Task<IReadOnlyList<RebuildProgress>> RebuildAllAsync(CancellationToken ct)
    {
        var reader = _reader ?? throw new InvalidOperationException("This catalog has no event reader to rebuild from.");
        Lease?.EnsureHolder("Rebuilding every projection");
        return await RebuildPass.RunAsync(_runners.Values.Select(r => r.RebuildTarget).ToList(), reader, ct);
    }

    /// <summary>One round over every projection whose lock is free; returns those it brought to the head.</summary>
    private async Task<HashSet<ICatchUpParticipant>> RunRoundAsync(long? position, CancellationToken ct)
    {
        var leases = new List<IDisposable>();
        try
        {
            var participants = new List<ICatchUpParticipant>();
            foreach (var participant in _runners.Values.Select(r => r.Participant))
            {
                // Busy (an operator action, a rebuild's swap, a retry in progress): its own catch-up takes it further.
                if (await participant.TryLockAsync(ct) is not { } lease) continue;
                leases.Add(lease);
                try
                {
                    await participant.EnsureLoadedAsync(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    continue; // its own catch-up retries the load and parks if it keeps failing
                }
                if (!participant.IsParked) participants.Add(participant);
            }
            if (participants.Count == 0) return [];
            var failed = await _round!.RunAsync(participants, position, ct);
            return participants.Where(p => !failed.ContainsKey(p)).ToHashSet();
        }
        finally
        {
            foreach (var lease in leases) lease.Dispose();
        }
    }

    private bool Reached(long position) => _runners.Values.All(r => Done(r, position));

    private static bool Done(IProjectionParts runner, long? position) =>
        runner.Participant.IsParked || (position is { } p && runner.Checkpoint >= p);

    /// <summary>
    /// Builds the runners of the given projections on one store (the app's registration and the tests share it). With
    /// this instance's <paramref name="head"/>, rounds take the events its writer commits without reading them back.
    /// </summary>
    public static ProjectionCatalog For(
        IEnumerable<IProjection> projections,
        StoreContextFactory factory,
        EventReader reader,
        ProjectionOptions options,
        ILoggerFactory loggers,
        ReadModelChangeFeed? changes = null,
        StoreHead? head = null,
        ProjectorLease? lease = null)
    {
        var locks = new ProjectionLocks();
        var round = new CatchUpRound(factory, new SharedEventFeed(reader, head), options, lease, changes);
        var runners = projections.Select(p =>
        {
            var runnerType = typeof(ProjectionRunner<>).MakeGenericType(p.RowType);
            var logger = loggers.CreateLogger($"BlazorEs.Projections.{p.Name}");
            return (IProjectionRunner)Activator.CreateInstance(runnerType, p, factory, reader, locks, options, logger, round, changes, lease)!;
        });
        return new ProjectionCatalog(runners, round, reader, lease, factory);
    }
}
