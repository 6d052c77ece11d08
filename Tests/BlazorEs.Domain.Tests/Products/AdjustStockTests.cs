using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests.Products;

public sealed class AdjustStockTests
{
    private static readonly Product TenOnHandFiveReserved = Given.ProductState(
        Given.Registered(),
        new StockReceived(Given.Sku, 10, "PO-1"),
        new StockReserved(Given.Sku, Given.OrderId, 5));

    [Fact]
    public void GivenStockedProduct_WhenAdjustedUp_ThenStockAdjusted()
    {
        IReadOnlyList<object> events = Product.Decide(TenOnHandFiveReserved, new AdjustStock(Given.Sku, 3, "Found in aisle 4"));

        Assert.Equal([new StockAdjusted(Given.Sku, 3, "Found in aisle 4")], events);
    }

    [Fact]
    public void GivenReservedStock_WhenAdjustedDownToExactlyReserved_ThenStockAdjusted()
    {
        IReadOnlyList<object> events = Product.Decide(TenOnHandFiveReserved, new AdjustStock(Given.Sku, -5, "Broken"));

        Assert.Equal([new StockAdjusted(Given.Sku, -5, "Broken")], events);
    }

    [Fact]
    public void GivenReservedStock_WhenAdjustedBelowReserved_ThenRefused()
    {
        Then.Refused(
            () => Product.Decide(TenOnHandFiveReserved, new AdjustStock(Given.Sku, -8, "Broken")),
            DomainErrorKind.BusinessRule,
            "Adjusting SKU-1 by -8 would leave on hand 2 below reserved 5.");
    }

    [Fact]
    public void GivenNothingReserved_WhenAdjustedBelowZero_ThenRefused()
    {
        Product state = Given.Stocked(Given.Sku, 10m, onHand: 3);

        Then.Refused(
            () => Product.Decide(state, new AdjustStock(Given.Sku, -4, "Recount")),
            DomainErrorKind.BusinessRule,
            "Adjusting SKU-1 by -4 would leave on hand -1 below reserved 0.");
    }

    [Fact]
    public void GivenDiscontinuedProduct_WhenWrittenOff_ThenStockAdjusted()
    {
        Product state = Given.ProductState(
            Given.Registered(), new StockReceived(Given.Sku, 4, "PO-1"), new ProductDiscontinued(Given.Sku));

        IReadOnlyList<object> events = Product.Decide(state, new AdjustStock(Given.Sku, -4, "Write-off"));

        Assert.Equal([new StockAdjusted(Given.Sku, -4, "Write-off")], events);
    }

    [Fact]
    public void GivenNoProduct_WhenAdjusted_ThenNotFound()
    {
        Then.Refused(
            () => Product.Decide(Given.ProductState(), new AdjustStock(Given.Sku, 1, "Recount")),
            DomainErrorKind.NotFound,
            "Product SKU-1 does not exist.");
    }

    [Fact]
    public void GivenStockNearTheCountableLimit_WhenAdjustedUp_ThenRefused()
    {
        Product state = Given.ProductState(Given.Registered()) with { OnHand = int.MaxValue };

        Then.Refused(
            () => Product.Decide(state, new AdjustStock(Given.Sku, 1, "Recount")),
            DomainErrorKind.BusinessRule,
            "would exceed the largest stock level");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    [InlineData(-1_000_001)]
    public void GivenStockedProduct_WhenDeltaOutOfRange_ThenValidationOnDelta(int delta)
    {
        Then.FieldErrors(new AdjustStock(Given.Sku, delta, "Recount"), "Delta");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void GivenStockedProduct_WhenReasonBlank_ThenValidationOnReason(string reason)
    {
        Then.FieldErrors(new AdjustStock(Given.Sku, 1, reason), "Reason");
    }

    [Fact]
    public void GivenReasonOf501Characters_WhenValidated_ThenReasonError()
    {
        Then.FieldErrors(new AdjustStock(Given.Sku, 1, Given.Text(501)), "Reason");
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(-1_000_000)]
    public void GivenLargestDeltaAndLongestReason_WhenValidated_ThenNoErrors(int delta)
    {
        Then.FieldErrors(new AdjustStock(Given.Sku, delta, Given.Text(500)));
    }

    [Fact]
    public void GivenNullFields_WhenValidated_ThenFieldErrorsAndNoException()
    {
        Then.FieldErrors(new AdjustStock(null!, 0, null!), "Sku", "Delta", "Reason");
    }
}
