using Mediator;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>What changed between two positions; no <see cref="To"/> means now (the head). Computed in memory; writes nothing.</summary>
public sealed record GetReplayDiff(long From, long? To) : IQuery<ReplayDiff>;

public sealed class GetReplayDiffHandler(ReplayAsOf replay, ReplayRows rows) : IQueryHandler<GetReplayDiff, ReplayDiff>
{
    public async ValueTask<ReplayDiff> Handle(GetReplayDiff query, CancellationToken cancellationToken)
    {
        var from = await replay.ResolveAsync(query.From, null, cancellationToken);
        var to = query.To is { } position ? await replay.ResolveAsync(position, null, cancellationToken) : await replay.NowAsync(cancellationToken);
        var (before, after) = await rows.BetweenAsync(from.Position, to.Position, cancellationToken);
        return ReplayDiff.Between(from, to, before, after);
    }
}
