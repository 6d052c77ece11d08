using FluentValidation;

namespace BlazorEs.Domain.Products;

// Field rules of the product commands, one validator per command; CommandValidation finds and builds each once.
// Stop at a field's first failure so each field reports one clear message.

internal sealed class RegisterProductValidator : AbstractValidator<RegisterProduct>
{
    public RegisterProductValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Sku).Sku();
        RuleFor(c => c.Name).RequiredText(FieldRules.MaxNameLength);
        RuleFor(c => c.Price).Price();
    }
}

internal sealed class RenameProductValidator : AbstractValidator<RenameProduct>
{
    public RenameProductValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Sku).Sku();
        RuleFor(c => c.Name).RequiredText(FieldRules.MaxNameLength);
    }
}

internal sealed class ChangePriceValidator : AbstractValidator<ChangePrice>
{
    public ChangePriceValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Sku).Sku();
        RuleFor(c => c.Price).Price();
    }
}

internal sealed class DiscontinueProductValidator : AbstractValidator<DiscontinueProduct>
{
    public DiscontinueProductValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Sku).Sku();
    }
}

internal sealed class ReactivateProductValidator : AbstractValidator<ReactivateProduct>
{
    public ReactivateProductValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Sku).Sku();
    }
}

internal sealed class ReceiveStockValidator : AbstractValidator<ReceiveStock>
{
    public ReceiveStockValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Sku).Sku();
        RuleFor(c => c.Quantity).Quantity();
        RuleFor(c => c.Reference).RequiredText(FieldRules.MaxTextLength);
    }
}

internal sealed class AdjustStockValidator : AbstractValidator<AdjustStock>
{
    public AdjustStockValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Sku).Sku();
        RuleFor(c => c.Delta)
            .NotEqual(0).WithMessage("Delta must not be zero.")
            .InclusiveBetween(-FieldRules.MaxQuantity, FieldRules.MaxQuantity)
            .WithMessage(FormattableString.Invariant($"Delta must be between -{FieldRules.MaxQuantity:N0} and {FieldRules.MaxQuantity:N0}."));
        RuleFor(c => c.Reason).RequiredText(FieldRules.MaxReasonLength);
    }
}
