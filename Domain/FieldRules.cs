using FluentValidation;

namespace BlazorEs.Domain;

/// <summary>The field rules several commands share, so a sku or a quantity means the same everywhere.</summary>
internal static class FieldRules
{
    public const int MaxSkuLength = 32;
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 200;
    public const int MaxReasonLength = 500;
    public const int MaxOrderIdLength = 64;
    public const int MaxQuantity = 1_000_000;
    public const decimal MaxPrice = 1_000_000_000m;

    public static IRuleBuilderOptions<T, string> Sku<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("Sku is required.")
            .MaximumLength(MaxSkuLength).WithMessage($"Sku must be at most {MaxSkuLength} characters.")
            .Matches("^[A-Z0-9-]+$").WithMessage("Sku may contain only capital letters A-Z, digits 0-9 and '-'.");

    public static IRuleBuilderOptions<T, string> OrderId<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("Order id is required.")
            .MaximumLength(MaxOrderIdLength).WithMessage($"Order id must be at most {MaxOrderIdLength} characters.")
            .Matches("^[A-Za-z0-9-]+$").WithMessage("Order id may contain only letters, digits and '-'.");

    /// <summary>Non-blank text of at most <paramref name="maxLength"/> characters.</summary>
    public static IRuleBuilderOptions<T, string> RequiredText<T>(this IRuleBuilder<T, string> rule, int maxLength) =>
        rule.NotEmpty().WithMessage("{PropertyName} is required.")
            .MaximumLength(maxLength).WithMessage("{PropertyName} must be at most {MaxLength} characters.");

    public static IRuleBuilderOptions<T, int> Quantity<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, MaxQuantity).WithMessage(FormattableString.Invariant($"Quantity must be between 1 and {MaxQuantity:N0}."));

    public static IRuleBuilderOptions<T, decimal> Price<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.InclusiveBetween(0m, MaxPrice).WithMessage(FormattableString.Invariant($"Price must be between 0 and {MaxPrice:N0}."));
}
