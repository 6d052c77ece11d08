using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.Replay;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Infrastructure.Tests.Replay;

/// <summary>
/// A diff between two points restores the orders of the streams written between them only (ReplayRows): it must say
/// exactly what comparing every read model restored whole at both points says, either way round and up to the head.
/// </summary>
public abstract class ReplayDiffTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task ADiffIsTheComparisonOfEveryReadModelRestoredWholeAtBothPoints()
    {
        await using var host = await StartAsync(TestHostOptions.Backfill(50));
        await host.GenerateHistoryAsync(commands: 220, seed: 21);
        await host.Services.GetRequiredService<SnapshotBackfill>().CatchUpAsync(CancellationToken.None);
        var replay = host.Services.GetRequiredService<ReplayAsOf>();
        var reader = host.Services.GetRequiredService<EventReader>();
        var head = await reader.HeadPositionAsync();

        var random = new Random(3);
        // Wide windows either way round, up to the head, empty; and windows of one event, where the event's own stream is
        // the only one that can differ.
        var single = Enumerable.Range(0, 8).Select(_ => (long)random.Next(1, (int)head - 1)).ToList();
        var pairs = Enumerable.Range(0, 6).Select(_ => ((long)random.Next(1, (int)head), (long?)random.Next(1, (int)head)))
            .Append((0, null)).Append((head / 2, null)).Append((head - 3, head - 3))
            .Concat(single.Select(p => (p, (long?)(p + 1)))).Concat(single.Select(p => (p + 1, (long?)p))).ToList();
        // The same diffs again with every window wider than the fold's limit: every read model restored whole at both points.
        var wide = new GetReplayDiffHandler(replay, new ReplayRows(replay, host.Services.GetRequiredService<OrdersAsOf>(), host.Projections, reader, foldedUpTo: 0));
        var orderRowsCompared = 0;
        foreach (var (from, to, query) in pairs.Select(p => (p.Item1, p.Item2, true)).Concat(pairs.Select(p => (p.Item1, p.Item2, false))))
        {
            var diff = query ? await host.QueryAsync(new GetReplayDiff(from, to)) : await wide.Handle(new GetReplayDiff(from, to), CancellationToken.None);
            var whole = ReplayDiff.Between(diff.From, diff.To,
                await replay.AllAsync(diff.From.Position, CancellationToken.None), await replay.AllAsync(diff.To.Position, CancellationToken.None));

            Assert.Equal(whole.Figures, diff.Figures);
            Assert.Equal(whole.ReadModels.Select(m => m.Projection), diff.ReadModels.Select(m => m.Projection));
            foreach (var (expected, actual) in whole.ReadModels.Zip(diff.ReadModels))
            {
                var at = $"{expected.Projection} from {from} to {to?.ToString() ?? "now"}";
                Assert.True(expected.Added.SequenceEqual(actual.Added), at + ": added");
                Assert.True(expected.Removed.SequenceEqual(actual.Removed), at + ": removed");
                Assert.True(expected.Changed.SequenceEqual(actual.Changed), at + ": changed");
                if (expected.Projection == OrderSummariesProjection.ProjectionName) orderRowsCompared += expected.Added.Count + expected.Changed.Count;
            }
            if (diff.From.Position == diff.To.Position) Assert.All(diff.ReadModels, m => Assert.Empty(m.Added.Concat(m.Removed).Concat(m.Changed.Cast<object>())));
        }
        Assert.True(orderRowsCompared > 0, "no diff had an order added or changed: the comparison checked nothing");
    }

    [Fact]
    public async Task TheStreamsWrittenBetweenTwoPointsAreEachStreamOnceAndNoneOutsideTheWindow()
    {
        await using var host = await StartAsync();
        await host.GenerateHistoryAsync(commands: 80, seed: 4);
        var reader = host.Services.GetRequiredService<EventReader>();
        var events = await reader.ReadAllAsync(0, int.MaxValue);

        foreach (var (after, to) in new[] { (events.Count / 3, 2 * events.Count / 3), (10, 11), (0, 1), (events.Count - 1, events.Count) })
        {
            var expected = events.Where(e => e.Position > after && e.Position <= to).Select(e => e.StreamId).Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(expected, (await reader.StreamsWrittenBetweenAsync(after, to)).Order(StringComparer.Ordinal));
        }
        var (from, until) = (events.Count / 3, 2 * events.Count / 3);
        Assert.Empty(await reader.StreamsWrittenBetweenAsync(until, from));
        Assert.Empty(await reader.StreamsWrittenBetweenAsync(until, until));
    }
}

public sealed class ReplayDiffTestsOnSqlite() : ReplayDiffTests(DatabaseProvider.Sqlite);

public sealed class ReplayDiffTestsOnPostgreSql() : ReplayDiffTests(DatabaseProvider.PostgreSql);
