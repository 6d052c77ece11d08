using FluentValidation;

namespace BlazorEs.Domain.Orders;

// Field rules of the order commands, one validator per command; CommandValidation finds and builds each once.
// Stop at a field's first failure so each field reports one clear message.

internal sealed class PlaceOrderValidator : AbstractValidator<PlaceOrder>
{
    public const int MaxLines = 50;

    public PlaceOrderValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        // Null means "assign one for me"; an id that is given must be a valid one.
        RuleFor(c => c.OrderId!).OrderId().When(c => c.OrderId is not null);
        RuleFor(c => c.Customer).RequiredText(FieldRules.MaxNameLength);
        RuleFor(c => c.Lines)
            .NotEmpty().WithMessage("An order needs at least one line.")
            .Must(lines => lines.Count <= MaxLines).WithMessage($"An order may have at most {MaxLines} lines.");
        // Continue past a bad line, so every bad line is reported, not just the first.
        RuleForEach(c => c.Lines)
            .Cascade(CascadeMode.Continue)
            .NotNull().WithMessage("A line is required.")
            .ChildRules(line =>
            {
                line.RuleLevelCascadeMode = CascadeMode.Stop;
                line.RuleFor(l => l.Sku).Sku();
                line.RuleFor(l => l.Quantity).Quantity();
            });
    }
}

internal sealed class PayOrderValidator : AbstractValidator<PayOrder>
{
    public PayOrderValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.OrderId).OrderId();
        RuleFor(c => c.Amount).GreaterThan(0m).WithMessage("Amount must be greater than 0.");
        RuleFor(c => c.PaymentReference).RequiredText(FieldRules.MaxTextLength);
    }
}

internal sealed class ShipOrderValidator : AbstractValidator<ShipOrder>
{
    public ShipOrderValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.OrderId).OrderId();
        RuleFor(c => c.Carrier).RequiredText(FieldRules.MaxTextLength);
        RuleFor(c => c.TrackingNumber).RequiredText(FieldRules.MaxTextLength);
    }
}

internal sealed class CancelOrderValidator : AbstractValidator<CancelOrder>
{
    public CancelOrderValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.OrderId).OrderId();
        RuleFor(c => c.Reason).RequiredText(FieldRules.MaxReasonLength);
    }
}
