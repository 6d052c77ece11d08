using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.ReadModels.LowStock;

public abstract class LowStockAlertsProjectionTests(DatabaseProvider provider) : BothProviders(provider)
{
    private readonly LowStockAlertsProjection _projection = new(new ReadModelOptions { LowStockThreshold = 10 });

    [Fact]
    public void GivenANewProductThenItsAlertIsRaisedBecauseNothingIsInStock()
    {
        var history = new EventHistory().Given(new ProductRegistered("A", "Anvil", 10m));

        var row = history.Project(_projection).Find("A")!;

        Assert.Equal(new LowStockAlert
        {
            Sku = "A",
            Name = "Anvil",
            Available = 0,
            Threshold = 10,
            Active = true,
            RaisedAt = history.Clock,
            TimesRaised = 1,
            Position = 1,
        }, row);
    }

    [Fact]
    public void GivenStockIsRaisedClearedAndRaisedAgainThenTheAlertCountsTwoRaisesAndKeepsTheLatestMoments()
    {
        var history = new EventHistory().Given(new ProductRegistered("A", "Anvil", 10m));
        var clearedAt = history.Clock.AddHours(1);
        var raisedAgainAt = history.Clock.AddHours(2);
        history.At(clearedAt).Given(new StockReceived("A", 25, "PO-1"));
        history.At(raisedAgainAt).Given(new StockReserved("A", "ORD-1", 16));

        var row = history.Project(_projection).Find("A")!;

        Assert.True(row.Active);
        Assert.Equal(2, row.TimesRaised);
        Assert.Equal(9, row.Available);
        Assert.Equal((raisedAgainAt, clearedAt), (row.RaisedAt, row.ClearedAt));
        Assert.Equal(3, row.Position);
    }

    [Fact]
    public void GivenAvailableStockClimbsBackToTheThresholdThenTheAlertClearsThere()
    {
        var history = new EventHistory().Given(
            new ProductRegistered("A", "Anvil", 10m),
            new StockReceived("A", 12, "PO-1"),
            new StockReserved("A", "ORD-1", 5));
        history.At(history.Clock.AddHours(1)).Given(new ReservationReleased("A", "ORD-1", 3));

        var row = history.Project(_projection).Find("A")!;

        Assert.Equal(10, row.Available);
        Assert.False(row.Active);
        Assert.Equal(2, row.TimesRaised);
        Assert.Equal((history.Clock, 4L), (row.ClearedAt, row.Position));
    }

    [Fact]
    public void GivenReservedStockShipsThenAvailableStockAndTheAlertStayAsTheyWere()
    {
        var history = new EventHistory().Given(
            new ProductRegistered("A", "Anvil", 10m),
            new StockReceived("A", 30, "PO-1"),
            new StockReserved("A", "ORD-1", 5));
        var before = history.Project(_projection).Find("A")!;

        history.Given(new StockShipped("A", "ORD-1", 5));

        Assert.Equal(before, history.Project(_projection).Find("A"));
    }

    [Fact]
    public void GivenALowProductIsDiscontinuedThenItsAlertClearsAndStaysClearedWhateverItsStock()
    {
        var history = new EventHistory().Given(
            new ProductRegistered("A", "Anvil", 10m),
            new ProductDiscontinued("A"),
            new StockAdjusted("A", 2, "count"));

        var row = history.Project(_projection).Find("A")!;

        Assert.True(row.Discontinued);
        Assert.False(row.Active);
        Assert.Equal(history.Events[1].RecordedAt, row.ClearedAt);
        Assert.Equal(1, row.TimesRaised);
    }

    [Fact]
    public void TheThresholdComesFromTheReadModelOptions()
    {
        var history = new EventHistory().Given(new ProductRegistered("A", "Anvil", 10m), new StockReceived("A", 3, "PO-1"));

        var strict = history.Project(new LowStockAlertsProjection(new ReadModelOptions { LowStockThreshold = 3 })).Find("A")!;
        var loose = history.Project(new LowStockAlertsProjection(new ReadModelOptions { LowStockThreshold = 4 })).Find("A")!;

        Assert.Equal((3, false), (strict.Threshold, strict.Active));
        Assert.Equal((4, true), (loose.Threshold, loose.Active));
    }

    [Fact]
    public void GivenARenameThenTheAlertCarriesTheNewName()
    {
        var history = new EventHistory().Given(new ProductRegistered("A", "Anvil", 10m), new ProductRenamed("A", "Anvil", "Heavy anvil"));

        Assert.Equal("Heavy anvil", history.Project(_projection).Find("A")!.Name);
    }
}

public sealed class LowStockAlertsProjectionTestsOnSqlite() : LowStockAlertsProjectionTests(DatabaseProvider.Sqlite);

public sealed class LowStockAlertsProjectionTestsOnPostgreSql() : LowStockAlertsProjectionTests(DatabaseProvider.PostgreSql);
