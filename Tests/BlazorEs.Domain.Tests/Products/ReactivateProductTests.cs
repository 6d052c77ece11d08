using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests.Products;

public sealed class ReactivateProductTests
{
    private static Product Discontinued { get; } = Given.ProductState(
        Given.Registered(), new StockReceived(Given.Sku, 5, "PO-1"), new StockReserved(Given.Sku, Given.OrderId, 2), new ProductDiscontinued(Given.Sku));

    [Fact]
    public void GivenDiscontinuedProduct_WhenReactivated_ThenProductReactivated()
    {
        IReadOnlyList<object> events = Product.Decide(Discontinued, new ReactivateProduct(Given.Sku));

        Assert.Equal([new ProductReactivated(Given.Sku)], events);
    }

    [Fact]
    public void GivenReactivatedProduct_ThenItIsActiveWithItsStockAsItWas()
    {
        Product state = Product.Evolve(Discontinued, new ProductReactivated(Given.Sku));

        Assert.Equal(Discontinued with { Discontinued = false }, state);
    }

    [Fact]
    public void GivenReactivatedProduct_WhenStockReceived_ThenAccepted()
    {
        Product state = Product.Evolve(Discontinued, new ProductReactivated(Given.Sku));

        IReadOnlyList<object> events = Product.Decide(state, new ReceiveStock(Given.Sku, 3, "PO-2"));

        Assert.Equal([new StockReceived(Given.Sku, 3, "PO-2")], events);
    }

    [Fact]
    public void GivenActiveProduct_WhenReactivated_ThenRefused()
    {
        Then.Refused(
            () => Product.Decide(Given.ProductState(Given.Registered()), new ReactivateProduct(Given.Sku)),
            DomainErrorKind.BusinessRule,
            "Product SKU-1 is not discontinued.");
    }

    [Fact]
    public void GivenNoProduct_WhenReactivated_ThenNotFound()
    {
        Then.Refused(
            () => Product.Decide(Given.ProductState(), new ReactivateProduct(Given.Sku)),
            DomainErrorKind.NotFound,
            "Product SKU-1 does not exist.");
    }

    [Fact]
    public void GivenBadSku_WhenValidated_ThenErrorOnSku()
    {
        Then.FieldErrors(new ReactivateProduct("sku-1"), "Sku");
    }

    [Fact]
    public void GivenGoodSku_WhenValidated_ThenNoErrors()
    {
        Then.FieldErrors(new ReactivateProduct(Given.Sku));
    }
}
