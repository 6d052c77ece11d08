using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests.Products;

public sealed class RegisterProductTests
{
    [Fact]
    public void GivenNoProduct_WhenRegistered_ThenProductRegistered()
    {
        IReadOnlyList<object> events = Product.Decide(Given.ProductState(), new RegisterProduct("SKU-1", "Blue mug", 12.50m));

        Assert.Equal([new ProductRegistered("SKU-1", "Blue mug", 12.50m)], events);
    }

    [Fact]
    public void GivenRegisteredProduct_WhenRegisteredAgain_ThenConflict()
    {
        Product state = Given.ProductState(Given.Registered());

        Then.Refused(
            () => Product.Decide(state, new RegisterProduct(Given.Sku, "Another", 1m)),
            DomainErrorKind.Conflict,
            "Product SKU-1 already exists.");
    }

    [Fact]
    public void GivenNoProduct_WhenRegisteredWithBadFields_ThenValidationNamesThem()
    {
        Then.FieldErrors(new RegisterProduct("sku 1", " ", -1m), "Sku", "Name", "Price");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("sku-1")]
    [InlineData("SKU 1")]
    [InlineData("SKU_1")]
    [InlineData("SKÜ-1")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456")]
    public void GivenBadSku_WhenValidated_ThenSkuError(string sku)
    {
        Then.FieldErrors(new RegisterProduct(sku, "Blue mug", 1m), "Sku");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void GivenBlankName_WhenValidated_ThenNameError(string name)
    {
        Then.FieldErrors(new RegisterProduct(Given.Sku, name, 1m), "Name");
    }

    [Fact]
    public void GivenNameOf201Characters_WhenValidated_ThenNameError()
    {
        Then.FieldErrors(new RegisterProduct(Given.Sku, Given.Text(201), 1m), "Name");
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("1000000000.01")]
    public void GivenPriceOutOfRange_WhenValidated_ThenPriceError(string price)
    {
        Then.FieldErrors(new RegisterProduct(Given.Sku, "Blue mug", decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)), "Price");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1000000000")]
    public void GivenPriceAtTheLimits_WhenValidated_ThenNoErrors(string price)
    {
        Then.FieldErrors(new RegisterProduct(Given.Sku, "Blue mug", decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void GivenLongestSkuAndName_WhenValidated_ThenNoErrors()
    {
        Then.FieldErrors(new RegisterProduct("ABCDEFGHIJKLMNOPQRSTUVWXYZ-01234", Given.Text(200), 1m));
    }

    [Fact]
    public void GivenNullFields_WhenValidated_ThenFieldErrorsAndNoException()
    {
        Then.FieldErrors(new RegisterProduct(null!, null!, 1m), "Sku", "Name");
    }
}
