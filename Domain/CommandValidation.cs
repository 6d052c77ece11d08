using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;

using FluentValidation.Results;

namespace BlazorEs.Domain;

/// <summary>Field validation of every warehouse command, keyed by field name (e.g. <c>Lines[0].Quantity</c>).</summary>
public static class CommandValidation
{
    // Validators are stateless and thread-safe once built; building them is the expensive part.
    private static readonly RegisterProductValidator RegisterProductRules = new();
    private static readonly RenameProductValidator RenameProductRules = new();
    private static readonly ChangePriceValidator ChangePriceRules = new();
    private static readonly DiscontinueProductValidator DiscontinueProductRules = new();
    private static readonly ReceiveStockValidator ReceiveStockRules = new();
    private static readonly AdjustStockValidator AdjustStockRules = new();
    private static readonly PlaceOrderValidator PlaceOrderRules = new();
    private static readonly PayOrderValidator PayOrderRules = new();
    private static readonly ShipOrderValidator ShipOrderRules = new();
    private static readonly CancelOrderValidator CancelOrderRules = new();

    /// <summary>
    /// The field errors of <paramref name="command"/>; empty when it is valid.
    /// A command type without rules here has no field rules and is reported valid.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Errors(IWarehouseCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);

        ValidationResult result = command switch
        {
            RegisterProduct c => RegisterProductRules.Validate(c),
            RenameProduct c => RenameProductRules.Validate(c),
            ChangePrice c => ChangePriceRules.Validate(c),
            DiscontinueProduct c => DiscontinueProductRules.Validate(c),
            ReceiveStock c => ReceiveStockRules.Validate(c),
            AdjustStock c => AdjustStockRules.Validate(c),
            PlaceOrder c => PlaceOrderRules.Validate(c),
            PayOrder c => PayOrderRules.Validate(c),
            ShipOrder c => ShipOrderRules.Validate(c),
            CancelOrder c => CancelOrderRules.Validate(c),
            _ => new ValidationResult(),
        };

        return result.Errors
            .GroupBy(e => e.PropertyName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Throws a <see cref="DomainErrorKind.Validation"/> error carrying the field errors, if there are any.</summary>
    public static void ThrowIfInvalid(IWarehouseCommand command)
    {
        IReadOnlyDictionary<string, string[]> errors = Errors(command);
        if (errors.Count > 0)
        {
            string messages = string.Join(" ", errors.Values.SelectMany(m => m));
            throw new DomainException(DomainErrorKind.Validation, $"{command.GetType().Name} is invalid: {messages}", errors);
        }
    }
}
