using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests.Products;

public sealed class ProductStateTests
{
    [Fact]
    public void GivenNoEvents_ThenProductDoesNotExist()
    {
        Assert.Equal(new Product("", "", 0m, 0, 0, 0, false, false), Given.ProductState());
    }

    [Fact]
    public void GivenEveryProductEvent_WhenFolded_ThenCountsAddUp()
    {
        Product state = Given.ProductState(
            new ProductRegistered(Given.Sku, "Blue mug", 10m),
            new ProductRenamed(Given.Sku, "Blue mug", "Navy mug"),
            new PriceChanged(Given.Sku, 10m, 12m),
            new StockReceived(Given.Sku, 20, "PO-1"),
            new StockAdjusted(Given.Sku, -2, "Broken"),
            new StockReserved(Given.Sku, "ORD-1", 5),
            new StockReserved(Given.Sku, "ORD-2", 4),
            new ReservationReleased(Given.Sku, "ORD-2", 4),
            new StockShipped(Given.Sku, "ORD-1", 5),
            new ProductDiscontinued(Given.Sku));

        Assert.Equal(new Product(Given.Sku, "Navy mug", 12m, OnHand: 13, Reserved: 0, Shipped: 5, Discontinued: true, Exists: true), state);
        Assert.Equal(13, state.Available);
    }

    [Fact]
    public void GivenReservedStock_ThenAvailableExcludesIt()
    {
        Product state = Given.ProductState(
            Given.Registered(), new StockReceived(Given.Sku, 10, "PO-1"), new StockReserved(Given.Sku, Given.OrderId, 3));

        Assert.Equal(7, state.Available);
    }

    [Fact]
    public void GivenUnknownEvent_WhenFolded_ThenStateUnchanged()
    {
        Product state = Given.ProductState(Given.Registered());

        Assert.Same(state, Product.Evolve(state, "not an event"));
    }
}
