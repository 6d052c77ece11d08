using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;

namespace BlazorEs.Infrastructure.Commands;

/// <summary>
/// Loads what a command reads and runs its aggregate's one <c>Decide</c>. One case per aggregate, none per command:
/// the command's interface says which streams it reads (a product command its sku; an order command its order, then
/// the products <see cref="IOrderCommand.ProductsRead"/> names), so a new command needs nothing here.
/// </summary>
internal static class CommandDecisions
{
    /// <summary>The new events per stream (used by the command handler and by compensation previews). Field rules are not run here.</summary>
    public static async Task<IReadOnlyList<StreamChange>> DecideAsync(IWarehouseCommand command, DecisionSession load, CancellationToken ct)
    {
        switch (command)
        {
            case IProductCommand c:
                var product = await load.ProductAsync(c.Sku, ct);
                return [new StreamChange(StreamIds.Product(c.Sku), Product.Decide(product, c))];
            case IOrderCommand c:
                var order = await load.OrderAsync(c.OrderId, ct);
                var products = await load.ProductsAsync(c.ProductsRead(order), ct);
                return Order.Decide(order, products, c);
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "A command must be a product or an order command.");
        }
    }
}
