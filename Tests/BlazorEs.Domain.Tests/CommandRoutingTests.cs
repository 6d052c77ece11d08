using System.Runtime.CompilerServices;

using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests;

/// <summary>What the command pipeline learns from a command's interface: its streams, its turn, what it reads, its name.</summary>
public sealed class CommandRoutingTests
{
    public static TheoryData<string> CommandNames() => [.. CommandCatalog.Names];

    [Fact]
    public void GivenAProductCommand_ThenItIsAboutAndTakesTurnsOnItsProductStream()
    {
        IWarehouseCommand command = new ReceiveStock(Given.Sku, 5, "PO-1");

        Assert.Equal("product-SKU-1", command.PrimaryStream);
        Assert.Equal("product-SKU-1", command.TurnKey);
        Assert.Same(command, command.WithAssignedIds());
    }

    [Fact]
    public void GivenAnOrderCommand_ThenItIsAboutAndTakesTurnsOnItsOrderStream()
    {
        IWarehouseCommand command = new PayOrder(Given.OrderId, 35m, "PAY-1");

        Assert.Equal("order-ORD-1", command.PrimaryStream);
        Assert.Equal("order-ORD-1", command.TurnKey);
    }

    [Fact]
    public void GivenANewOrder_ThenItTakesTurnsOnItsFirstProduct()
    {
        IWarehouseCommand command = new PlaceOrder(Given.OrderId, "Ada", [new(Given.OtherSku, 1), new(Given.Sku, 1)]);

        Assert.Equal("order-ORD-1", command.PrimaryStream);
        Assert.Equal("product-SKU-2", command.TurnKey);
    }

    [Fact]
    public void GivenANewOrderWithoutId_WhenIdsAssigned_ThenItGetsOneAndKeepsIt()
    {
        IWarehouseCommand unassigned = new PlaceOrder(null, "Ada", [new(Given.Sku, 1)]);

        var assigned = Assert.IsType<PlaceOrder>(unassigned.WithAssignedIds());

        Assert.Matches("^[0-9A-F]{16}$", assigned.OrderId);
        Assert.Equal("order-" + assigned.OrderId, ((IWarehouseCommand)assigned).PrimaryStream);
        Assert.Same(assigned, ((IWarehouseCommand)assigned).WithAssignedIds());
    }

    [Fact]
    public void GivenOrderCommands_ThenEachReadsTheProductsItsDecisionNeeds()
    {
        Order placed = Given.OrderState(Given.OrderPlaced);

        Assert.Equal([Given.OtherSku], new PlaceOrder(Given.OrderId, "Ada", [new(Given.OtherSku, 1)]).ProductsRead(Order.Initial));
        Assert.Empty(new PayOrder(Given.OrderId, 35m, "PAY-1").ProductsRead(placed));
        Assert.Equal([Given.Sku, Given.OtherSku], new ShipOrder(Given.OrderId, "DHL", "T-1").ProductsRead(placed).Distinct());
        Assert.Equal([Given.Sku, Given.OtherSku], new CancelOrder(Given.OrderId, "asked").ProductsRead(placed).Distinct());
    }

    [Fact]
    public void GivenTheCatalog_ThenItNamesEveryCommandRecordCaseInsensitively()
    {
        Assert.Contains(nameof(ReceiveStock), CommandCatalog.Names);
        Assert.Contains(nameof(PlaceOrder), CommandCatalog.Names);
        Assert.True(CommandCatalog.TryFind("receivestock", out Type type));
        Assert.Equal(typeof(ReceiveStock), type);
        Assert.False(CommandCatalog.TryFind("Nope", out _));
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void GivenAnyCommand_WhenDecidedOnAnEmptyStream_ThenItsAggregateHasACaseForIt(string name)
    {
        Assert.True(CommandCatalog.TryFind(name, out Type type));
        // Every field null or zero: the decision may refuse it, but must not lack a case for it.
        object command = RuntimeHelpers.GetUninitializedObject(type);

        Exception? error = Record.Exception(() => command switch
        {
            IProductCommand c => (object)Product.Decide(Product.Initial, c),
            IOrderCommand c => Order.Decide(Order.Initial, Given.Catalog(), c),
            _ => throw new InvalidOperationException($"{name} is neither a product nor an order command."),
        });

        Assert.True(error is null or DomainException, $"{name}: {error}");
    }
}
