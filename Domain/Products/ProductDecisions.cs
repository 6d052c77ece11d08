using BlazorEs.Domain.Errors;

using static System.FormattableString;

namespace BlazorEs.Domain.Products;

/// <summary>
/// Decisions of a product-{sku} stream: given the current <see cref="Product"/> and a command, the new events,
/// or a <see cref="DomainException"/>. Pure: each one checks the command's fields itself, so it is safe to call
/// without the command pipeline.
/// </summary>
public static class ProductDecisions
{
    public static IReadOnlyList<object> Register(Product state, RegisterProduct c)
    {
        CommandValidation.ThrowIfInvalid(c);
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
    public static IReadOnlyList<object> Rename(Product state, RenameProduct c)
    {
        CommandValidation.ThrowIfInvalid(c);
        EnsureActive(state, c.Sku);
        return [new ProductRenamed(c.Sku, state.Name, c.Name)];
    }

    /// <summary>Setting the current price is not refused: the event is still recorded, as for <see cref="Rename"/>.</summary>
    public static IReadOnlyList<object> ChangePrice(Product state, ChangePrice c)
    {
        CommandValidation.ThrowIfInvalid(c);
        EnsureActive(state, c.Sku);
        return [new PriceChanged(c.Sku, state.Price, c.Price)];
    }

    /// <summary>
    /// Stops new orders and receipts. Stock already reserved by orders can still be shipped or released,
    /// and stock can still be adjusted (write-offs).
    /// </summary>
    public static IReadOnlyList<object> Discontinue(Product state, DiscontinueProduct c)
    {
        CommandValidation.ThrowIfInvalid(c);
        EnsureActive(state, c.Sku);
        return [new ProductDiscontinued(c.Sku)];
    }

    public static IReadOnlyList<object> ReceiveStock(Product state, ReceiveStock c)
    {
        CommandValidation.ThrowIfInvalid(c);
        EnsureActive(state, c.Sku);
        if ((long)state.OnHand + c.Quantity > int.MaxValue)
        {
            throw DomainException.Rule(Invariant($"Receiving {c.Quantity} into {c.Sku} would exceed the largest stock level this system can count."));
        }

        return [new StockReceived(c.Sku, c.Quantity, c.Reference)];
    }

    /// <summary>Allowed on a discontinued product: write-offs and count corrections still happen.</summary>
    public static IReadOnlyList<object> AdjustStock(Product state, AdjustStock c)
    {
        CommandValidation.ThrowIfInvalid(c);
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
