using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.Replay;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Infrastructure.Tests.Replay;

/// <summary>
/// The orders as of a point, a page at a time (OrdersAsOf: each page folded from its orders' streams): every page of
/// every status, put together, is the plain fold of the events up to the point — newest placed first, of one status
/// those that entered it most recently first — and the totals are its counts.
/// </summary>
public abstract class OrdersAsOfTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task EveryPageOfEveryStatusAsOfARandomPositionIsThePlainFoldNewestPlacedFirst()
    {
        await using var host = await StartAsync(TestHostOptions.Backfill(50));
        await host.GenerateHistoryAsync(commands: 220, seed: 13);
        await host.Services.GetRequiredService<SnapshotBackfill>().CatchUpAsync(CancellationToken.None);
        var events = await host.Services.GetRequiredService<EventReader>().ReadAllAsync(0, int.MaxValue);

        var random = new Random(17);
        foreach (var p in Enumerable.Range(0, 6).Select(_ => (long)random.Next(1, events.Count + 1)).Append(events.Count))
        {
            var upToP = events.Where(e => e.Position <= p).ToList();
            var newestFirst = upToP.Where(e => e.Data is OrderPlaced).OrderByDescending(e => e.Position).Select(e => ((OrderPlaced)e.Data).OrderId).ToList();
            var plain = PlainFold.OrderSummaries(upToP).ToDictionary(o => o.OrderId);
            var expected = newestFirst.Select(id => plain[id]).ToList();
            Assert.True(expected.Count > 0 || p < 20, $"no order placed up to {p}");
            if (p == events.Count)
                Assert.All(GetReplayOrders.Statuses, s => Assert.Contains(expected, o => o.Status == s)); // every filter is tried on rows

            foreach (var status in GetReplayOrders.Statuses.Append(null))
            {
                // Of one status: the orders that entered it most recently first (the newest OrderPaid, … at or before P).
                var wanted = status is null ? expected : upToP
                    .Where(e => e.Type == Entering(status)).OrderByDescending(e => e.Position)
                    .Select(e => plain[OrderIdOf(e)]).Where(o => o.Status == status).ToList();
                if (status is not null) Assert.Equal(expected.Count(o => o.Status == status), wanted.Count);
                var pages = new List<OrderSummary>();
                for (var page = 1; ; page++)
                {
                    var answer = await host.QueryAsync(new GetReplayOrders(p, status, page, 7));
                    Assert.Equal(wanted.Count, answer.Total);
                    Assert.True(answer.Items.Count <= 7);
                    pages.AddRange(answer.Items);
                    if (answer.Items.Count < 7) break;
                }
                Assert.Equal(wanted, pages);
            }

            var view = await host.QueryAsync(new GetReplayView(p, null));
            Assert.Equal(expected.Take(GetReplayView.DefaultOrdersPageSize), view.Orders.Items);
            Assert.Equal(expected.Count, view.Orders.Total);
        }
    }

    [Fact]
    public async Task ThePagesOfAPointTakeTheirTotalsFromTheScreensOwnRestoreAndOnlyTheRecentPointsAreKept()
    {
        await using var host = await StartAsync(TestHostOptions.Backfill(50));
        await host.GenerateHistoryAsync(commands: 120, seed: 5);
        var head = await host.Services.GetRequiredService<EventReader>().HeadPositionAsync();
        var figures = host.Services.GetRequiredService<ReplayFigures>();
        var replay = host.Services.GetRequiredService<ReplayAsOf>();

        var view = await host.QueryAsync(new GetReplayView(head / 2, null));
        var page2 = await host.QueryAsync(new GetReplayOrders(view.Point.Position, null, 2, 5));

        // The screen's figures are the ones its next pages take: the same object, not a second restore.
        Assert.Same(view.Dashboard, await figures.AsOfAsync(view.Point, CancellationToken.None));
        Assert.Equal(view.Orders.Total, page2.Total);
        Assert.Equal(view.Dashboard.OrdersByStatus.Values.Sum(), page2.Total);

        // Pages of many other points: only the most recent are kept, and a point pushed out is restored again, the same figures.
        for (var p = 1L; p <= ReplayFigures.Kept + 4; p++) await host.QueryAsync(new GetReplayOrders(p, "Placed", 1, 5));
        Assert.Equal(ReplayFigures.Kept, figures.Count);
        var again = await figures.AsOfAsync(view.Point, CancellationToken.None);
        Assert.NotSame(view.Dashboard, again);
        Assert.Equal(view.Dashboard.OrdersByStatus, again.OrdersByStatus);
        Assert.Equal(view.Dashboard.EventsTotal, again.EventsTotal);
        var fresh = ReplayAsOf.Dashboard(await replay.ReadModelAsync(DashboardFiguresProjection.ProjectionName, view.Point.Position, CancellationToken.None), view.Point);
        Assert.Equal(fresh.OrdersByStatus, again.OrdersByStatus);
    }

    [Fact]
    public async Task RequestsForTheSameNewPointAtTheSameTimeShareOneRestoreOfItsFigures()
    {
        await using var host = await StartAsync(TestHostOptions.Backfill(50));
        await host.GenerateHistoryAsync(commands: 120, seed: 8);
        var head = await host.Services.GetRequiredService<EventReader>().HeadPositionAsync();
        var figures = host.Services.GetRequiredService<ReplayFigures>();
        var replay = host.Services.GetRequiredService<ReplayAsOf>();
        var point = await replay.ResolveAsync(head / 3, null, CancellationToken.None);

        var asked = Enumerable.Range(0, 4).Select(_ => figures.AsOfAsync(point, CancellationToken.None)).ToList();
        var answers = await Task.WhenAll(asked);
        Assert.All(answers, a => Assert.Same(answers[0], a));
        Assert.Equal(1, figures.Count);

        // One that gives up stops waiting; the restore goes on for the others, and is kept.
        var other = await replay.ResolveAsync(head / 2, null, CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => figures.AsOfAsync(other, cancelled.Token));
        var staying = figures.AsOfAsync(other, CancellationToken.None);
        Assert.Same(await staying, await figures.AsOfAsync(other, CancellationToken.None));
    }

    private static string Entering(string status) => status switch
    {
        "Placed" => nameof(OrderPlaced),
        "Paid" => nameof(OrderPaid),
        "Shipped" => nameof(OrderShipped),
        _ => nameof(OrderCancelled),
    };

    private static string OrderIdOf(StoredEvent e) => e.Data switch
    {
        OrderPlaced x => x.OrderId,
        OrderPaid x => x.OrderId,
        OrderShipped x => x.OrderId,
        OrderCancelled x => x.OrderId,
        _ => throw new InvalidOperationException(e.Type),
    };

    [Fact]
    public async Task APagePastTheLastHoldsNoRowsAndBeforeTheFirstEventThereAreNoOrders()
    {
        await using var host = await StartAsync();
        await host.GenerateHistoryAsync(commands: 60, seed: 5);
        var head = await host.Services.GetRequiredService<EventReader>().HeadPositionAsync();

        var all = await host.QueryAsync(new GetReplayOrders(head, null, 1, 500));
        Assert.True(all.Total > 0);
        Assert.Equal(all.Total, all.Items.Count);
        var past = await host.QueryAsync(new GetReplayOrders(head, null, 1_000, 500));
        Assert.Empty(past.Items);
        Assert.Equal(all.Total, past.Total);

        var before = await host.QueryAsync(new GetReplayOrders(0, "Paid", 1, 10));
        Assert.Empty(before.Items);
        Assert.Equal(0, before.Total);
    }

    [Theory]
    [InlineData("paid", 1, 10, "status")]
    [InlineData("None", 1, 10, "status")]
    [InlineData("2", 1, 10, "status")]
    [InlineData(null, 0, 10, "page")]
    [InlineData(null, 1, 0, "pageSize")]
    [InlineData(null, 1, 501, "pageSize")]
    public async Task BadPagesAreRefusedWithTheFieldNamed(string? status, int page, int pageSize, string field)
    {
        await using var host = await StartAsync();
        var refused = await Assert.ThrowsAsync<DomainException>(() => host.QueryAsync(new GetReplayOrders(1, status, page, pageSize)));
        Assert.Equal(DomainErrorKind.Validation, refused.Kind);
        Assert.Contains(field, refused.FieldErrors.Keys);
    }
}

public sealed class OrdersAsOfTestsOnSqlite() : OrdersAsOfTests(DatabaseProvider.Sqlite);

public sealed class OrdersAsOfTestsOnPostgreSql() : OrdersAsOfTests(DatabaseProvider.PostgreSql);
