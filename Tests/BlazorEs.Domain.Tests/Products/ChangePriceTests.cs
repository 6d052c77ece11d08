using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests.Products;

public sealed class ChangePriceTests
{
    [Fact]
    public void GivenRegisteredProduct_WhenPriceChanged_ThenPriceChangedWithTheOldPrice()
    {
        Product state = Given.ProductState(Given.Registered(price: 10m));

        IReadOnlyList<object> events = Product.Decide(state, new ChangePrice(Given.Sku, 12.5m));

        Assert.Equal([new PriceChanged(Given.Sku, 10m, 12.5m)], events);
    }

    [Fact]
    public void GivenRepricedProduct_WhenPriceChanged_ThenOldPriceIsTheLatestPrice()
    {
        Product state = Given.ProductState(Given.Registered(price: 10m), new PriceChanged(Given.Sku, 10m, 11m));

        IReadOnlyList<object> events = Product.Decide(state, new ChangePrice(Given.Sku, 0m));

        Assert.Equal([new PriceChanged(Given.Sku, 11m, 0m)], events);
    }

    [Fact]
    public void GivenRegisteredProduct_WhenPriceChangedToTheSamePrice_ThenTheChangeIsStillRecorded()
    {
        Product state = Given.ProductState(Given.Registered(price: 10m));

        IReadOnlyList<object> events = Product.Decide(state, new ChangePrice(Given.Sku, 10m));

        Assert.Equal([new PriceChanged(Given.Sku, 10m, 10m)], events);
    }

    [Fact]
    public void GivenNoProduct_WhenPriceChanged_ThenNotFound()
    {
        Then.Refused(
            () => Product.Decide(Given.ProductState(), new ChangePrice(Given.Sku, 1m)),
            DomainErrorKind.NotFound,
            "Product SKU-1 does not exist.");
    }

    [Fact]
    public void GivenDiscontinuedProduct_WhenPriceChanged_ThenRefused()
    {
        Product state = Given.ProductState(Given.Registered(), new ProductDiscontinued(Given.Sku));

        Then.Refused(
            () => Product.Decide(state, new ChangePrice(Given.Sku, 1m)),
            DomainErrorKind.BusinessRule,
            "Product SKU-1 is discontinued.");
    }

    [Fact]
    public void GivenRegisteredProduct_WhenPriceChangedToNegative_ThenValidationOnPrice()
    {
        Then.FieldErrors(new ChangePrice(Given.Sku, -1m), "Price");
    }

    [Fact]
    public void GivenPriceAboveOneBillion_WhenValidated_ThenPriceError()
    {
        Then.FieldErrors(new ChangePrice(Given.Sku, 1_000_000_000.01m), "Price");
    }

    [Fact]
    public void GivenGoodPrice_WhenValidated_ThenNoErrors()
    {
        Then.FieldErrors(new ChangePrice(Given.Sku, 0.99m));
    }

    [Fact]
    public void GivenNullSku_WhenValidated_ThenSkuErrorAndNoException()
    {
        Then.FieldErrors(new ChangePrice(null!, 1m), "Sku");
    }
}
