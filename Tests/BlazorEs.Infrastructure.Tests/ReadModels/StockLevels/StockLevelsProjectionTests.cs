using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.ReadModels.StockLevels;

public abstract class StockLevelsProjectionTests(DatabaseProvider provider) : BothProviders(provider)
{
    private readonly StockLevelsProjection _projection = new();

    [Fact]
    public void GivenAProductIsRegisteredThenItsRowHasItsNamePriceAndNoStock()
    {
        var history = new EventHistory().Given(new ProductRegistered("A", "Anvil", 12.50m));

        var row = Assert.Single(history.Project(_projection).All());

        Assert.Equal(new StockLevel
        {
            Sku = "A",
            Name = "Anvil",
            Price = 12.50m,
            LastChangedAt = history.Clock,
            LastChangedBy = "alice",
            StreamVersion = 1,
            Position = 1,
        }, row);
    }

    [Fact]
    public void GivenStockIsReceivedReservedShippedAdjustedAndReleasedThenOnHandReservedAndAvailableFollow()
    {
        var history = new EventHistory().Given(
            new ProductRegistered("A", "Anvil", 10m),
            new StockReceived("A", 20, "PO-1"),
            new StockReserved("A", "ORD-1", 5),
            new StockAdjusted("A", -2, "breakage"),
            new StockShipped("A", "ORD-1", 3),
            new ReservationReleased("A", "ORD-1", 2));

        var row = history.Project(_projection).Find("A")!;

        Assert.Equal(15, row.OnHand);
        Assert.Equal(0, row.Reserved);
        Assert.Equal(15, row.Available);
        Assert.Equal(3, row.ShippedTotal);
        Assert.Equal(6, row.StreamVersion);
    }

    [Fact]
    public void GivenStockIsReservedThenAvailableIsOnHandLessReserved()
    {
        var history = new EventHistory().Given(
            new ProductRegistered("A", "Anvil", 10m),
            new StockReceived("A", 8, "PO-1"),
            new StockReserved("A", "ORD-1", 5));

        var row = history.Project(_projection).Find("A")!;

        Assert.Equal((8, 5, 3), (row.OnHand, row.Reserved, row.Available));
    }

    [Fact]
    public void GivenADiscontinuedProductReactivatedThenTheRowIsActiveAgain()
    {
        var history = new EventHistory().Given(
            new ProductRegistered("A", "Anvil", 10m), new ProductDiscontinued("A"), new ProductReactivated("A"));

        Assert.False(history.Project(_projection).Find("A")!.Discontinued);
    }

    [Fact]
    public void GivenARenameAPriceChangeAndADiscontinuationThenTheRowShowsThemAndWhoChangedItLast()
    {
        var history = new EventHistory().Given(new ProductRegistered("A", "Anvil", 10m), new StockReceived("A", 4, "PO-1"));
        history.User = "bob";
        history.At(history.Clock.AddHours(3)).Given(
            new ProductRenamed("A", "Anvil", "Heavy anvil"),
            new PriceChanged("A", 10m, 11.25m),
            new ProductDiscontinued("A"));

        var row = history.Project(_projection).Find("A")!;

        Assert.Equal(("Heavy anvil", 11.25m, true, 4), (row.Name, row.Price, row.Discontinued, row.OnHand));
        Assert.Equal(("bob", history.Clock, 5L, history.Last.Position), (row.LastChangedBy, row.LastChangedAt, row.StreamVersion, row.Position));
    }

    [Fact]
    public void GivenEventsOfAnUnknownProductAndOfOrdersThenNoRowsAppear()
    {
        var history = new EventHistory().Given(
            new StockReceived("GHOST", 5, "PO-1"),
            new OrderPlaced("ORD-1", "Ada", [new OrderLine("GHOST", 1, 1m)], 1m),
            new OrderPaid("ORD-1", 1m, "PAY-1"));

        Assert.Equal(0, history.Project(_projection).Count);
    }

    [Fact]
    public void GivenSeveralProductsThenEachEventChangesOnlyItsOwnRow()
    {
        var history = new EventHistory().Given(
            new ProductRegistered("A", "Anvil", 10m),
            new ProductRegistered("B", "Bucket", 2m),
            new StockReceived("B", 7, "PO-1"));

        var rows = history.Project(_projection);

        Assert.Equal(0, rows.Find("A")!.OnHand);
        Assert.Equal(7, rows.Find("B")!.OnHand);
        Assert.Equal(1, rows.Find("A")!.Position);
    }
}

public sealed class StockLevelsProjectionTestsOnSqlite() : StockLevelsProjectionTests(DatabaseProvider.Sqlite);

public sealed class StockLevelsProjectionTestsOnPostgreSql() : StockLevelsProjectionTests(DatabaseProvider.PostgreSql);
