using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.ReadModels.Dashboard;

public abstract class DashboardFiguresProjectionTests(DatabaseProvider provider) : BothProviders(provider)
{
    private readonly DashboardFiguresProjection _projection = new(new ReadModelOptions { LowStockThreshold = 10 });

    private DashboardView View(EventHistory history) => DashboardView.From(history.Project(_projection).All(), history.Clock);

    private static OrderPlaced Placed(string orderId, decimal total) => new(orderId, "Ada", [new OrderLine("A", 1, total)], total);

    [Fact]
    public void GivenOrdersMoveThroughTheirStatusesThenEachIsCountedOnceUnderItsCurrentStatus()
    {
        var history = new EventHistory().Given(
            Placed("O1", 10m), Placed("O2", 20m), Placed("O3", 30m), Placed("O4", 40m),
            new OrderPaid("O1", 10m, "P1"), new OrderShipped("O1", "DHL", "T1"),
            new OrderPaid("O2", 20m, "P2"),
            new OrderPaid("O3", 30m, "P3"), new OrderCancelled("O3", "changed mind", WasPaid: true));

        var view = View(history);

        Assert.Equal(new Dictionary<string, long> { ["Placed"] = 1, ["Paid"] = 1, ["Shipped"] = 1, ["Cancelled"] = 1 }, view.OrdersByStatus);
        Assert.Equal(4, view.TotalOrders);
    }

    [Fact]
    public void RevenueCountsEveryPaymentReceivedAndAPaidOrderCancelledLaterKeepsItsPaymentBecauseRefundsAreSettledOutside()
    {
        var history = new EventHistory().Given(
            Placed("O1", 10.25m), Placed("O2", 20.50m), Placed("O3", 99m),
            new OrderPaid("O1", 10.25m, "P1"),
            new OrderPaid("O2", 20.50m, "P2"), new OrderCancelled("O2", "changed mind", WasPaid: true),
            new OrderCancelled("O3", "never paid"));

        Assert.Equal(30.75m, View(history).RevenuePaid);
    }

    [Fact]
    public void StockValueIsOnHandTimesTheCurrentPriceThroughReceiptsShipmentsAdjustmentsAndPriceChanges()
    {
        var history = new EventHistory().Given(
            new ProductRegistered("A", "Anvil", 10m), new StockReceived("A", 5, "PO-1"),
            new ProductRegistered("B", "Bucket", 2.50m), new StockReceived("B", 4, "PO-2"));
        Assert.Equal(60m, View(history).StockValue);

        history.Given(new PriceChanged("A", 10m, 12m));
        Assert.Equal(70m, View(history).StockValue);

        history.Given(new StockReserved("A", "O1", 2), new StockShipped("A", "O1", 2), new StockAdjusted("B", -1, "broken"));
        Assert.Equal(3 * 12m + 3 * 2.50m, View(history).StockValue);

        history.Given(new PriceChanged("B", 2.50m, 0.99m), new ProductDiscontinued("B"));
        Assert.Equal(3 * 12m + 3 * 0.99m, View(history).StockValue);
    }

    [Fact]
    public void TheLowStockCountFollowsProductsGoingUnderAndBackOverTheThresholdAndLeavesDiscontinuedProductsOut()
    {
        var history = new EventHistory().Given(new ProductRegistered("A", "Anvil", 10m), new ProductRegistered("B", "Bucket", 1m));
        Assert.Equal(2, View(history).LowStockCount);

        history.Given(new StockReceived("A", 20, "PO-1"));
        Assert.Equal(1, View(history).LowStockCount);

        history.Given(new ProductDiscontinued("B"));
        Assert.Equal(0, View(history).LowStockCount);

        history.Given(new StockReserved("A", "O1", 15));
        Assert.Equal(1, View(history).LowStockCount);

        history.Given(new StockAdjusted("B", 3, "count"), new StockReserved("A", "O2", 1));
        Assert.Equal(1, View(history).LowStockCount);

        history.Given(new ReservationReleased("A", "O1", 15), new StockShipped("A", "O2", 1));
        Assert.Equal(0, View(history).LowStockCount);
    }

    [Fact]
    public void EveryEventIsCountedInTotalAndUnderItsUtcHourAndDay()
    {
        var history = new EventHistory()
            .At(new DateTime(2026, 11, 20, 9, 15, 0, DateTimeKind.Utc)).Given(new ProductRegistered("A", "Anvil", 1m))
            .At(new DateTime(2026, 11, 20, 9, 59, 59, DateTimeKind.Utc)).Given(new StockReceived("A", 1, "PO-1"))
            .At(new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc)).Given(new StockReceived("A", 1, "PO-2"))
            .At(new DateTime(2026, 11, 21, 0, 30, 0, DateTimeKind.Utc)).Given(new StockReceived("A", 1, "PO-3"), new OrderPaid("NONE", 1m, "P"));

        var figures = history.Project(_projection).All().Where(f => f.Key.StartsWith("events:", StringComparison.Ordinal))
            .ToDictionary(f => f.Key, f => f.Value);

        Assert.Equal(new Dictionary<string, decimal>
        {
            ["events:total"] = 5,
            ["events:hour:2026-11-20T09"] = 2,
            ["events:hour:2026-11-20T10"] = 1,
            ["events:hour:2026-11-21T00"] = 2,
            ["events:day:2026-11-20"] = 3,
            ["events:day:2026-11-21"] = 2,
        }, figures);
    }
}

public sealed class DashboardFiguresProjectionTestsOnSqlite() : DashboardFiguresProjectionTests(DatabaseProvider.Sqlite);

public sealed class DashboardFiguresProjectionTestsOnPostgreSql() : DashboardFiguresProjectionTests(DatabaseProvider.PostgreSql);
