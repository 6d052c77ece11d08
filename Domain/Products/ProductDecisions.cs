using BlazorEs.Domain.Errors;

using static System.FormattableString;

namespace BlazorEs.Domain.Products;

// Decisions of a product-{sku} stream, next to its state in Product.cs.
public sealed partial record Product
{
    /// <summary>
    /// The one entry of every product command: given the current <see cref="Product"/> and a command, the new
    /// events of its stream, or a <see cref="DomainException"/> for a broken rule. Pure. Field rules are not checked
    /// here: the command pipeline ran them once already (<see cref="CommandValidation"/>).
    /// </summary>
    public static IReadOnlyList<object> Decide(Product state, IProductCommand command) => command switch
    {
        RegisterProduct c => Register(state, c),
        RenameProduct c => Rename(state, c),
        ChangePrice c => Reprice(state, c),
        DiscontinueProduct c => Discontinue(state, c),
        ReactivateProduct c => Reactivate(state, c),
        ReceiveStock c => Receive(state, c),
        AdjustStock c => Adjust(state, c),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Product.Decide has no case for this command."),
    };

    private static IReadOnlyList<object> Register(Product state, RegisterProduct c)
    {
        if (state.Exists)
        {
            throw DomainException.Conflict($"Product {c.Sku} already exists.");
        }

        return [new ProductRegistered(c.Sku, c.Name, c.Price)];
    }

    /// <summary>
    /// Renaming to the current name is not refused: the event is still recorded, because someone asked for
    /// that name at that moment, and an edit form may send it unchanged.
    /// </summary>
    private static IReadOnlyList<object> Rename(Product state, RenameProduct c)
    {
        EnsureActive(state, c.Sku);
        return [new ProductRenamed(c.Sku, state.Name, c.Name)];
    }

    /// <summary>Setting the current price is not refused: the event is still recorded, as for <see cref="Rename"/>.</summary>
    private static IReadOnlyList<object> Reprice(Product state, ChangePrice c)
    {
        EnsureActive(state, c.Sku);
        return [new PriceChanged(c.Sku, state.Price, c.Price)];
    }

    /// <summary>
    /// Stops new orders and receipts. Stock already reserved by orders can still be shipped or released,
    /// and stock can still be adjusted (write-offs).
    /// </summary>
    private static IReadOnlyList<object> Discontinue(Product state, DiscontinueProduct c)
    {
        EnsureActive(state, c.Sku);
        return [new ProductDiscontinued(c.Sku)];
    }

    /// <summary>Undoes a discontinuation; its stock, reservations and history are as they were.</summary>
    private static IReadOnlyList<object> Reactivate(Product state, ReactivateProduct c)
    {
        EnsureExists(state, c.Sku);
        if (!state.Discontinued)
        {
            throw DomainException.Rule($"Product {c.Sku} is not discontinued.");
        }

        return [new ProductReactivated(c.Sku)];
    }

    private static IReadOnlyList<object> Receive(Product state, ReceiveStock c)
    {
        EnsureActive(state, c.Sku);
        if ((long)state.OnHand + c.Quantity > int.MaxValue)
        {
            throw DomainException.Rule(Invariant($"Receiving {c.Quantity} into {c.Sku} would exceed the largest stock level this system can count."));
        }

        return [new StockReceived(c.Sku, c.Quantity, c.Reference)];
    }

    /// <summary>Allowed on a discontinued product: write-offs and count corrections still happen.</summary>
    private static IReadOnlyList<object> Adjust(Product state, AdjustStock c)
    {
        EnsureExists(state, c.Sku);

        long onHand = (long)state.OnHand + c.Delta;
        if (onHand < Math.Max(0, state.Reserved))
        {
            throw DomainException.Rule(
                Invariant($"Adjusting {c.Sku} by {c.Delta} would leave on hand {onHand} below reserved {state.Reserved}."));
        }

        if (onHand > int.MaxValue)
        {
            throw DomainException.Rule(Invariant($"Adjusting {c.Sku} by {c.Delta} would exceed the largest stock level this system can count."));
        }

        return [new StockAdjusted(c.Sku, c.Delta, c.Reason)];
    }

    private static void EnsureExists(Product state, string sku)
    {
        if (!state.Exists)
        {
            throw DomainException.NotFound($"Product {sku} does not exist.");
        }
    }

    private static void EnsureActive(Product state, string sku)
    {
        EnsureExists(state, sku);
        if (state.Discontinued)
        {
            throw DomainException.Rule($"Product {sku} is discontinued.");
        }
    }
}
