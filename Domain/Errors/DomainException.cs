namespace BlazorEs.Domain.Errors;

public enum DomainErrorKind
{
    /// <summary>Malformed input: the fields are listed.</summary>
    Validation,
    /// <summary>The product or order does not exist.</summary>
    NotFound,
    /// <summary>The thing already exists (e.g. duplicate sku) or was changed concurrently.</summary>
    Conflict,
    /// <summary>A business rule refuses the command (insufficient stock, not paid, already shipped...).</summary>
    BusinessRule,
}

/// <summary>A broken rule; carries a kind so every edge (HTTP, UI) can say it the same way.</summary>
public sealed class DomainException(DomainErrorKind kind, string message, IReadOnlyDictionary<string, string[]>? fieldErrors = null)
    : Exception(message)
{
    public DomainErrorKind Kind { get; } = kind;

    public IReadOnlyDictionary<string, string[]> FieldErrors { get; } = fieldErrors ?? new Dictionary<string, string[]>();

    public static DomainException NotFound(string message) => new(DomainErrorKind.NotFound, message);

    public static DomainException Rule(string message) => new(DomainErrorKind.BusinessRule, message);

    public static DomainException Conflict(string message) => new(DomainErrorKind.Conflict, message);

    public static DomainException Invalid(string field, string message) =>
        new(DomainErrorKind.Validation, message, new Dictionary<string, string[]> { [field] = [message] });
}
