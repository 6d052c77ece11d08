using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests.Products;

public sealed class ReceiveStockTests
{
    [Fact]
    public void GivenRegisteredProduct_WhenStockReceived_ThenStockReceived()
    {
        IReadOnlyList<object> events = Product.Decide(
            Given.ProductState(Given.Registered()), new ReceiveStock(Given.Sku, 25, "PO-7"));

        Assert.Equal([new StockReceived(Given.Sku, 25, "PO-7")], events);
    }

    [Fact]
    public void GivenNoProduct_WhenStockReceived_ThenNotFound()
    {
        Then.Refused(
            () => Product.Decide(Given.ProductState(), new ReceiveStock(Given.Sku, 1, "PO-7")),
            DomainErrorKind.NotFound,
            "Product SKU-1 does not exist.");
    }

    [Fact]
    public void GivenDiscontinuedProduct_WhenStockReceived_ThenRefused()
    {
        Product state = Given.ProductState(Given.Registered(), new ProductDiscontinued(Given.Sku));

        Then.Refused(
            () => Product.Decide(state, new ReceiveStock(Given.Sku, 1, "PO-7")),
            DomainErrorKind.BusinessRule,
            "Product SKU-1 is discontinued.");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    public void GivenRegisteredProduct_WhenQuantityOutOfRange_ThenValidationOnQuantity(int quantity)
    {
        Then.FieldErrors(new ReceiveStock(Given.Sku, quantity, "PO-7"), "Quantity");
    }

    [Fact]
    public void GivenStockNearTheCountableLimit_WhenStockReceived_ThenRefused()
    {
        Product state = Given.ProductState(Given.Registered()) with { OnHand = int.MaxValue - 5 };

        Then.Refused(
            () => Product.Decide(state, new ReceiveStock(Given.Sku, 6, "PO-7")),
            DomainErrorKind.BusinessRule,
            "would exceed the largest stock level");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void GivenBlankReference_WhenValidated_ThenReferenceError(string reference)
    {
        Then.FieldErrors(new ReceiveStock(Given.Sku, 1, reference), "Reference");
    }

    [Fact]
    public void GivenReferenceOf201Characters_WhenValidated_ThenReferenceError()
    {
        Then.FieldErrors(new ReceiveStock(Given.Sku, 1, Given.Text(201)), "Reference");
    }

    [Fact]
    public void GivenLargestQuantityAndLongestReference_WhenValidated_ThenNoErrors()
    {
        Then.FieldErrors(new ReceiveStock(Given.Sku, 1_000_000, Given.Text(200)));
    }

    [Fact]
    public void GivenNullFields_WhenValidated_ThenFieldErrorsAndNoException()
    {
        Then.FieldErrors(new ReceiveStock(null!, 0, null!), "Sku", "Quantity", "Reference");
    }
}
