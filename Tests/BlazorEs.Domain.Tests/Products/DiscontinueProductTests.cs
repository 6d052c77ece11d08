using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests.Products;

public sealed class DiscontinueProductTests
{
    [Fact]
    public void GivenRegisteredProduct_WhenDiscontinued_ThenProductDiscontinued()
    {
        IReadOnlyList<object> events = Product.Decide(
            Given.ProductState(Given.Registered()), new DiscontinueProduct(Given.Sku));

        Assert.Equal([new ProductDiscontinued(Given.Sku)], events);
    }

    [Fact]
    public void GivenProductWithReservedStock_WhenDiscontinued_ThenProductDiscontinued()
    {
        Product state = Given.ProductState(
            Given.Registered(), new StockReceived(Given.Sku, 5, "PO-1"), new StockReserved(Given.Sku, Given.OrderId, 2));

        IReadOnlyList<object> events = Product.Decide(state, new DiscontinueProduct(Given.Sku));

        Assert.Equal([new ProductDiscontinued(Given.Sku)], events);
    }

    [Fact]
    public void GivenNoProduct_WhenDiscontinued_ThenNotFound()
    {
        Then.Refused(
            () => Product.Decide(Given.ProductState(), new DiscontinueProduct(Given.Sku)),
            DomainErrorKind.NotFound,
            "Product SKU-1 does not exist.");
    }

    [Fact]
    public void GivenDiscontinuedProduct_WhenDiscontinuedAgain_ThenRefused()
    {
        Product state = Given.ProductState(Given.Registered(), new ProductDiscontinued(Given.Sku));

        Then.Refused(
            () => Product.Decide(state, new DiscontinueProduct(Given.Sku)),
            DomainErrorKind.BusinessRule,
            "Product SKU-1 is discontinued.");
    }

    [Fact]
    public void GivenBadSku_WhenDiscontinued_ThenValidationOnSku()
    {
        Then.FieldErrors(new DiscontinueProduct("sku-1"), "Sku");
    }

    [Fact]
    public void GivenGoodSku_WhenValidated_ThenNoErrors()
    {
        Then.FieldErrors(new DiscontinueProduct(Given.Sku));
    }

    [Fact]
    public void GivenNullSku_WhenValidated_ThenSkuErrorAndNoException()
    {
        Then.FieldErrors(new DiscontinueProduct(null!), "Sku");
    }
}
