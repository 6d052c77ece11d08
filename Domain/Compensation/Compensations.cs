using System.Globalization;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Compensation;

/// <summary>A command that undoes part of an earlier one, and why it is proposed.</summary>
public sealed record CompensationProposal(IWarehouseCommand Command, string Description);

/// <summary>What can be undone of a command, and what cannot (with the reason).</summary>
public sealed record CompensationPlan(IReadOnlyList<CompensationProposal> Proposals, IReadOnlyList<string> Refusals)
{
    public bool CanCompensate => Proposals.Count > 0;
}

/// <summary>
/// Proposes compensating commands for the events one command recorded, against the current state of the streams
/// they touched. Events are never changed: compensation is new commands (cancel an order to release its stock, a
/// reverse stock adjustment, the previous price or name). Where none exists the plan says why.
/// </summary>
public static class Compensations
{
    public static CompensationPlan Propose(IReadOnlyList<object> events, Func<string, Product> product, Func<string, Order> order)
    {
        var proposals = new List<CompensationProposal>();
        var refusals = new List<string>();
        foreach (var e in events)
        {
            switch (e)
            {
                case OrderPlaced x:
                    CancelPlacement(order(x.OrderId), x.OrderId, proposals, refusals);
                    break;
                case OrderPaid x:
                    refusals.Add($"Payment {x.PaymentReference} of order {x.OrderId} cannot be undone here: refunds are settled outside BlazorEs. Cancel the order if it has not shipped.");
                    break;
                case OrderShipped x:
                    refusals.Add($"Order {x.OrderId} has shipped: shipped goods cannot be un-shipped.");
                    break;
                case OrderCancelled x:
                    refusals.Add($"Order {x.OrderId} was cancelled: a cancelled order cannot be reopened; place a new order instead.");
                    break;
                case StockReceived x:
                    Reverse(x.Sku, product(x.Sku), -x.Quantity, $"Reverse receipt {x.Reference}", proposals, refusals);
                    break;
                case StockAdjusted x:
                    Reverse(x.Sku, product(x.Sku), -x.Delta, $"Reverse adjustment: {x.Reason}", proposals, refusals);
                    break;
                case PriceChanged x:
                    Restore(x.Sku, product(x.Sku), p => new ChangePrice(x.Sku, x.OldPrice),
                        string.Create(CultureInfo.InvariantCulture, $"Restore the price of {x.Sku} to {x.OldPrice:0.00####}"), proposals, refusals);
                    break;
                case ProductRenamed x:
                    Restore(x.Sku, product(x.Sku), p => new RenameProduct(x.Sku, x.OldName), $"Restore the name of {x.Sku} to \"{x.OldName}\"", proposals, refusals);
                    break;
                case ProductRegistered x:
                    Restore(x.Sku, product(x.Sku), p => new DiscontinueProduct(x.Sku),
                        $"Discontinue {x.Sku}: no command removes a product, discontinuing is the nearest undo", proposals, refusals);
                    break;
                case ProductDiscontinued x:
                    Reactivate(x.Sku, product(x.Sku), proposals, refusals);
                    break;
                case ProductReactivated x:
                    Restore(x.Sku, product(x.Sku), p => new DiscontinueProduct(x.Sku), $"Discontinue {x.Sku} again", proposals, refusals);
                    break;
                // Reservations, releases and shipments belong to the order they were made for: its compensation covers them.
            }
        }
        return new CompensationPlan(proposals, refusals);
    }

    private static void CancelPlacement(Order current, string orderId, List<CompensationProposal> proposals, List<string> refusals)
    {
        switch (current.Status)
        {
            case OrderStatus.Placed or OrderStatus.Paid:
                proposals.Add(new CompensationProposal(
                    new CancelOrder(orderId, "Compensation of the order's placement"),
                    $"Cancel order {orderId}: releases every reservation it holds"));
                break;
            case OrderStatus.Shipped:
                refusals.Add($"Order {orderId} has already shipped: it cannot be cancelled, so its placement cannot be compensated.");
                break;
            case OrderStatus.Cancelled:
                refusals.Add($"Order {orderId} is already cancelled: nothing left to compensate.");
                break;
            default:
                refusals.Add($"Order {orderId} does not exist.");
                break;
        }
    }

    private static void Reverse(string sku, Product current, int delta, string reason, List<CompensationProposal> proposals, List<string> refusals)
    {
        if (!current.Exists) { refusals.Add($"Product {sku} does not exist."); return; }
        if (current.OnHand + delta < current.Reserved)
        {
            refusals.Add($"Reversing {delta:+#;-#} on {sku} would leave {current.OnHand + delta} on hand below the {current.Reserved} reserved.");
            return;
        }
        proposals.Add(new CompensationProposal(new AdjustStock(sku, delta, reason), $"Adjust {sku} by {delta:+#;-#}: {reason}"));
    }

    private static void Reactivate(string sku, Product current, List<CompensationProposal> proposals, List<string> refusals)
    {
        if (!current.Exists) refusals.Add($"Product {sku} does not exist.");
        else if (!current.Discontinued) refusals.Add($"{sku} has been reactivated since: nothing left to compensate.");
        else proposals.Add(new CompensationProposal(new ReactivateProduct(sku), $"Reactivate {sku}: it takes orders and receipts again"));
    }

    private static void Restore(string sku, Product current, Func<Product, IWarehouseCommand> command, string description, List<CompensationProposal> proposals, List<string> refusals)
    {
        if (!current.Exists) refusals.Add($"Product {sku} does not exist.");
        else if (current.Discontinued) refusals.Add($"{sku} is discontinued: it can no longer be changed.");
        else proposals.Add(new CompensationProposal(command(current), description));
    }
}
