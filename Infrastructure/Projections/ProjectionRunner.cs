using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// One projection's parts, made together on one store: the live keeper (<see cref="LiveReadModel{TRow}"/>), the
/// operator actions on it, and its rebuild / verify / replay. The status reads all of them.
/// </summary>
internal sealed class ProjectionRunner<TRow> : IProjectionParts where TRow : class, IReadModelRow
{
    private readonly LiveReadModel<TRow> _live;
    private readonly ProjectionRebuild<TRow> _rebuild;
    private readonly EventReader _reader;

    public ProjectionRunner(
        Projection<TRow> projection,
        StoreContextFactory factory,
        EventReader reader,
        ProjectionLocks locks,
        ProjectionOptions options,
        ILogger logger,
        CatchUpRound round,
        ReadModelChangeFeed? changes,
        ProjectorLease? lease)
    {
        _reader = reader;
        _live = new LiveReadModel<TRow>(projection, factory, locks, options, logger, round, changes, lease);
        _rebuild = new ProjectionRebuild<TRow>(_live, factory, reader, logger);
        Operator = new ProjectionOperatorActions<TRow>(_live);
    }

    public string Name => _live.Name;

    public IProjection Projection => _live.Projection;

    public long Checkpoint => _live.Checkpoint;

    public ILiveProjection Live => _live;

    public IProjectionOperatorActions Operator { get; }

    public IProjectionRebuild Rebuild => _rebuild;

    ICatchUpParticipant IProjectionParts.Participant => _live;

    IRebuildTarget IProjectionParts.RebuildTarget => _rebuild;

    Task IProjectionParts.FollowAsync(ProjectionCheckpoint? stored, CancellationToken ct) => _live.FollowAsync(stored, ct);

    void IProjectionParts.FollowChange(ReadModelsChanged change) => _live.FollowChange(change);

    Task<IDisposable> IProjectionParts.LockAsync(CancellationToken ct) => _live.LockAsync(ct);

    public async Task<ProjectionStatus> StatusAsync(CancellationToken ct)
    {
        var head = await _reader.HeadPositionAsync(ct);
        var checkpoint = Checkpoint;
        var lagSeconds = 0.0;
        if (checkpoint < head)
        {
            var next = await _reader.ReadAllAsync(checkpoint, 1, ct: ct);
            if (next.Count > 0) lagSeconds = Math.Max(0, (DateTime.UtcNow - next[0].RecordedAt).TotalSeconds);
        }
        var progress = _rebuild.Progress;
        var rebuilding = progress is { Phase: not (RebuildPhase.Done or RebuildPhase.Failed) };
        return new ProjectionStatus(
            Name,
            rebuilding && _live.State != ProjectionState.Parked ? ProjectionState.Rebuilding : _live.State,
            checkpoint,
            head,
            Math.Max(0, head - checkpoint),
            Math.Round(lagSeconds, 1),
            Math.Round(_live.Rate.PerSecond(), 1),
            _live.ParkedAt,
            _live.LastError,
            progress);
    }
}

/// <summary>A projection as the catalog holds it: also the parts its shared round and one-pass rebuild take.</summary>
internal interface IProjectionParts : IProjectionRunner
{
    ICatchUpParticipant Participant { get; }

    IRebuildTarget RebuildTarget { get; }

    /// <summary>On an instance that does not project: take the stored checkpoint (see <see cref="LiveReadModel{TRow}.FollowAsync"/>).</summary>
    Task FollowAsync(ProjectionCheckpoint? stored, CancellationToken ct);

    /// <summary>On an instance that does not project: the projector's announcement of a commit.</summary>
    void FollowChange(ReadModelsChanged change);

    /// <summary>The projection's lock (rounds, operator actions, a rebuild's swap): while it is held the table and checkpoint stand still.</summary>
    Task<IDisposable> LockAsync(CancellationToken ct);
}
