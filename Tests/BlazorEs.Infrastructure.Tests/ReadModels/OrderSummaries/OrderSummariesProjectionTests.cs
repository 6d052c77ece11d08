using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.ReadModels.OrderSummaries;

public abstract class OrderSummariesProjectionTests(DatabaseProvider provider) : BothProviders(provider)
{
    private static readonly OrderPlaced Placed = new("ORD-1", "Ada Lovelace", [new OrderLine("A", 2, 10m), new OrderLine("B", 1, 5m)], 25m);

    private readonly OrderSummariesProjection _projection = new();

    [Fact]
    public void GivenAnOrderIsPlacedThenItsSummaryIsPlacedWithItsCustomerLinesAndTotal()
    {
        var history = new EventHistory().Given(new StockReserved("A", "ORD-1", 2), Placed);

        var row = Assert.Single(history.Project(_projection).All());

        Assert.Equal(new OrderSummary
        {
            OrderId = "ORD-1",
            Customer = "Ada Lovelace",
            Status = "Placed",
            LineCount = 2,
            Total = 25m,
            PlacedAt = history.Clock,
            LastChangedAt = history.Clock,
            LastChangedBy = "alice",
            StreamVersion = 1,
            Position = 2,
        }, row);
    }

    [Fact]
    public void GivenAnOrderIsPaidAndShippedThenItsSummaryKeepsEachMoment()
    {
        var history = new EventHistory().Given(Placed);
        var placedAt = history.Clock;
        var paidAt = placedAt.AddMinutes(5);
        var shippedAt = placedAt.AddDays(1);
        history.At(paidAt).Given(new OrderPaid("ORD-1", 25m, "PAY-1"));
        history.User = "bob";
        history.At(shippedAt).Given(new OrderShipped("ORD-1", "DHL", "TRK-1"));

        var row = history.Project(_projection).Find("ORD-1")!;

        Assert.Equal("Shipped", row.Status);
        Assert.Equal((placedAt, paidAt, shippedAt, (DateTime?)null), (row.PlacedAt, row.PaidAt, row.ShippedAt, row.CancelledAt));
        Assert.Equal((shippedAt, "bob", 3L, 3L), (row.LastChangedAt, row.LastChangedBy, row.StreamVersion, row.Position));
    }

    [Fact]
    public void GivenAPaidOrderIsCancelledThenItsSummaryIsCancelledAndStillShowsWhenItWasPaid()
    {
        var history = new EventHistory().Given(Placed, new OrderPaid("ORD-1", 25m, "PAY-1"));
        var paidAt = history.Clock;
        history.At(paidAt.AddHours(1)).Given(new OrderCancelled("ORD-1", "changed mind"));

        var row = history.Project(_projection).Find("ORD-1")!;

        Assert.Equal("Cancelled", row.Status);
        Assert.Equal(paidAt, row.PaidAt);
        Assert.Equal(history.Clock, row.CancelledAt);
    }

    [Fact]
    public void GivenEventsOfAnOrderNeverPlacedThenNoSummaryAppears()
    {
        var history = new EventHistory().Given(new OrderPaid("ORD-9", 1m, "PAY-9"), new OrderCancelled("ORD-9", "?"));

        Assert.Equal(0, history.Project(_projection).Count);
    }
}

public sealed class OrderSummariesProjectionTestsOnSqlite() : OrderSummariesProjectionTests(DatabaseProvider.Sqlite);

public sealed class OrderSummariesProjectionTestsOnPostgreSql() : OrderSummariesProjectionTests(DatabaseProvider.PostgreSql);
