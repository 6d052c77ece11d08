using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests.Orders;

public sealed class PlaceOrderTests
{
    private static readonly IReadOnlyDictionary<string, Product> Catalog = Given.Catalog(
        Given.Stocked(Given.Sku, price: 10m, onHand: 10),
        Given.Stocked(Given.OtherSku, price: 2.5m, onHand: 4));

    private static PlaceOrder Command(params OrderLineRequest[] lines) => new(Given.OrderId, "Ada Lovelace", lines);

    private static OrderLineRequest Line(string sku, int quantity) => new(sku, quantity);

    [Fact]
    public void GivenStockedProducts_WhenOrderPlaced_ThenStockReservedPerProductAndOrderPlaced()
    {
        IReadOnlyList<StreamChange> changes = Order.Decide(
            Given.OrderState(), Catalog, Command(Line(Given.Sku, 2), Line(Given.OtherSku, 3)));

        Then.Changes(
            [.. changes.Take(2)],
            ("product-SKU-1", [new StockReserved(Given.Sku, Given.OrderId, 2)]),
            ("product-SKU-2", [new StockReserved(Given.OtherSku, Given.OrderId, 3)]));
        ThenOrderPlaced(
            changes[2],
            new OrderPlaced(Given.OrderId, "Ada Lovelace", [new(Given.Sku, 2, 10m), new(Given.OtherSku, 3, 2.5m)], 27.5m));
    }

    [Fact]
    public void GivenRepricedProduct_WhenOrderPlaced_ThenLinesCarryThePriceAtPlacement()
    {
        Product repriced = Given.ProductState(
            Given.Registered(Given.Sku, price: 10m), new StockReceived(Given.Sku, 5, "PO-1"), new PriceChanged(Given.Sku, 10m, 7.25m));

        IReadOnlyList<StreamChange> changes = Order.Decide(
            Given.OrderState(), Given.Catalog(repriced), Command(Line(Given.Sku, 2)));

        ThenOrderPlaced(changes[^1], new OrderPlaced(Given.OrderId, "Ada Lovelace", [new(Given.Sku, 2, 7.25m)], 14.5m));
    }

    [Fact]
    public void GivenSameSkuOnTwoLines_WhenOrderPlaced_ThenOneReservationForTheSummedQuantityAndLinesKeptAsRequested()
    {
        IReadOnlyList<StreamChange> changes = Order.Decide(
            Given.OrderState(), Catalog, Command(Line(Given.Sku, 3), Line(Given.OtherSku, 1), Line(Given.Sku, 4)));

        Then.Changes(
            [.. changes.Take(2)],
            ("product-SKU-1", [new StockReserved(Given.Sku, Given.OrderId, 7)]),
            ("product-SKU-2", [new StockReserved(Given.OtherSku, Given.OrderId, 1)]));
        ThenOrderPlaced(
            changes[2],
            new OrderPlaced(
                Given.OrderId,
                "Ada Lovelace",
                [new(Given.Sku, 3, 10m), new(Given.OtherSku, 1, 2.5m), new(Given.Sku, 4, 10m)],
                72.5m));
    }

    [Fact]
    public void GivenSameSkuOnTwoLinesThatFitOnlyApart_WhenOrderPlaced_ThenInsufficientStockForTheSum()
    {
        Then.Refused(
            () => Order.Decide(Given.OrderState(), Catalog, Command(Line(Given.OtherSku, 3), Line(Given.OtherSku, 2))),
            DomainErrorKind.BusinessRule,
            "Insufficient stock for SKU-2: requested 5, available 4.");
    }

    [Fact]
    public void GivenOneOfSeveralLinesShort_WhenOrderPlaced_ThenInsufficientStockNamesThatSku()
    {
        Then.Refused(
            () => Order.Decide(Given.OrderState(), Catalog, Command(Line(Given.Sku, 10), Line(Given.OtherSku, 5))),
            DomainErrorKind.BusinessRule,
            "Insufficient stock for SKU-2: requested 5, available 4.");
    }

    [Fact]
    public void GivenStockReservedByAnotherOrder_WhenOrderPlaced_ThenOnlyAvailableStockCounts()
    {
        Product partlyReserved = Given.ProductState(
            Given.Registered(), new StockReceived(Given.Sku, 10, "PO-1"), new StockReserved(Given.Sku, "ORD-0", 8));

        Then.Refused(
            () => Order.Decide(Given.OrderState(), Given.Catalog(partlyReserved), Command(Line(Given.Sku, 3))),
            DomainErrorKind.BusinessRule,
            "Insufficient stock for SKU-1: requested 3, available 2.");
    }

    [Fact]
    public void GivenExactlyTheAvailableStock_WhenOrderPlaced_ThenAllOfItIsReserved()
    {
        IReadOnlyList<StreamChange> changes = Order.Decide(Given.OrderState(), Catalog, Command(Line(Given.OtherSku, 4)));

        Then.Changes([.. changes.Take(1)], ("product-SKU-2", [new StockReserved(Given.OtherSku, Given.OrderId, 4)]));
    }

    [Fact]
    public void GivenDiscontinuedProduct_WhenOrdered_ThenRefused()
    {
        Product discontinued = Given.ProductState(
            Given.Registered(Given.OtherSku), new StockReceived(Given.OtherSku, 10, "PO-1"), new ProductDiscontinued(Given.OtherSku));
        IReadOnlyDictionary<string, Product> catalog = Given.Catalog(Given.Stocked(Given.Sku, 10m, 10), discontinued);

        Then.Refused(
            () => Order.Decide(Given.OrderState(), catalog, Command(Line(Given.Sku, 1), Line(Given.OtherSku, 1))),
            DomainErrorKind.BusinessRule,
            "Product SKU-2 is discontinued.");
    }

    [Fact]
    public void GivenSkuNotInTheCatalog_WhenOrdered_ThenNotFound()
    {
        Then.Refused(
            () => Order.Decide(Given.OrderState(), Catalog, Command(Line(Given.Sku, 1), Line("SKU-404", 1))),
            DomainErrorKind.NotFound,
            "Product SKU-404 does not exist.");
    }

    [Fact]
    public void GivenProductStreamWithoutRegistration_WhenOrdered_ThenNotFound()
    {
        Dictionary<string, Product> catalog = new() { ["SKU-404"] = Product.Initial };

        Then.Refused(
            () => Order.Decide(Given.OrderState(), catalog, Command(Line("SKU-404", 1))),
            DomainErrorKind.NotFound,
            "Product SKU-404 does not exist.");
    }

    [Fact]
    public void GivenPlacedOrder_WhenPlacedAgain_ThenConflict()
    {
        Order existing = Given.OrderState(new OrderPlaced(Given.OrderId, "Ada Lovelace", [new(Given.Sku, 1, 10m)], 10m));

        Then.Refused(
            () => Order.Decide(existing, Catalog, Command(Line(Given.Sku, 1))),
            DomainErrorKind.Conflict,
            "Order ORD-1 already exists.");
    }

    [Fact]
    public void GivenNoOrderIdAssigned_WhenOrderPlaced_ThenValidationOnOrderId()
    {
        Then.InvalidFields(
            () => Order.Decide(Given.OrderState(), Catalog, new PlaceOrder(null, "Ada Lovelace", [new(Given.Sku, 1)])),
            "OrderId");
    }

    [Fact]
    public void GivenZeroQuantityLine_WhenOrderPlaced_ThenValidationOnThatLine()
    {
        Then.FieldErrors(Command(Line(Given.Sku, 1), Line(Given.OtherSku, 0)), "Lines[1].Quantity");
    }

    [Fact]
    public void GivenNoLines_WhenValidated_ThenLinesError()
    {
        Then.FieldErrors(Command(), "Lines");
    }

    [Fact]
    public void Given51Lines_WhenValidated_ThenLinesError()
    {
        OrderLineRequest[] lines = [.. Enumerable.Range(0, 51).Select(_ => new OrderLineRequest(Given.Sku, 1))];

        Then.FieldErrors(Command(lines), "Lines");
    }

    [Fact]
    public void Given50Lines_WhenValidated_ThenNoErrors()
    {
        OrderLineRequest[] lines = [.. Enumerable.Range(0, 50).Select(_ => new OrderLineRequest(Given.Sku, 1))];

        Then.FieldErrors(Command(lines));
    }

    [Fact]
    public void GivenBadLines_WhenValidated_ThenErrorsNameTheLineAndField()
    {
        Then.FieldErrors(
            Command(Line(Given.Sku, 1), Line("sku-2", 0), Line("", 1_000_001)),
            "Lines[1].Sku", "Lines[1].Quantity", "Lines[2].Sku", "Lines[2].Quantity");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void GivenBlankCustomer_WhenValidated_ThenCustomerError(string customer)
    {
        Then.FieldErrors(new PlaceOrder(Given.OrderId, customer, [new(Given.Sku, 1)]), "Customer");
    }

    [Fact]
    public void GivenCustomerOf201Characters_WhenValidated_ThenCustomerError()
    {
        Then.FieldErrors(new PlaceOrder(Given.OrderId, Given.Text(201), [new(Given.Sku, 1)]), "Customer");
    }

    [Theory]
    [InlineData("")]
    [InlineData("ORD 1")]
    [InlineData("ORD_1")]
    [InlineData("ord/1")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345")]
    public void GivenBadOrderId_WhenValidated_ThenOrderIdError(string orderId)
    {
        Then.FieldErrors(new PlaceOrder(orderId, "Ada Lovelace", [new(Given.Sku, 1)]), "OrderId");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ord-1")]
    [InlineData("1234567890123456789012345678901234567890123456789012345678901234")]
    public void GivenMissingOrLegalOrderId_WhenValidated_ThenNoErrors(string? orderId)
    {
        Then.FieldErrors(new PlaceOrder(orderId, Given.Text(200), [new(Given.Sku, 1_000_000)]));
    }

    [Fact]
    public void GivenNullCustomerAndLines_WhenValidated_ThenFieldErrorsAndNoException()
    {
        Then.FieldErrors(new PlaceOrder(null, null!, null!), "Customer", "Lines");
    }

    [Fact]
    public void GivenNullLineAndNullSku_WhenValidated_ThenFieldErrorsAndNoException()
    {
        Then.FieldErrors(Command(null!, Line(null!, 1)), "Lines[0]", "Lines[1].Sku");
    }

    private static void ThenOrderPlaced(StreamChange change, OrderPlaced expected)
    {
        Assert.Equal(StreamIds.Order(expected.OrderId), change.StreamId);
        OrderPlaced actual = Assert.IsType<OrderPlaced>(Assert.Single(change.Events));

        // Lines is a list, which a record compares by reference: compare it by content, then the other fields.
        Assert.Equal(expected.Lines, actual.Lines);
        Assert.Equal(expected with { Lines = actual.Lines }, actual);
    }
}
