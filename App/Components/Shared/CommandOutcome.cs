using BlazorEs.Infrastructure.Commands;
using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.Compensation;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Limits;

namespace BlazorEs.App.Components.Shared;

/// <summary>What a screen shows after sending a command: success, or one clear message (plus field errors for a form).</summary>
public sealed record CommandOutcome<T>(T? Result, string? Error, IReadOnlyDictionary<string, string[]> FieldErrors, bool IsConflict)
{
    public bool Succeeded => Error is null;

    public static CommandOutcome<T> Success(T result) => new(result, null, new Dictionary<string, string[]>(), false);

    /// <summary>Turns what went wrong into words for the operator; anything unexpected is logged, not shown raw.</summary>
    public static CommandOutcome<T> From(Exception exception) => exception switch
    {
        ConcurrencyConflictException => new(default, "Changed by someone else — reload and retry.", new Dictionary<string, string[]>(), true),
        DomainException { Kind: DomainErrorKind.Validation } e => new(default, FieldSummary(e), e.FieldErrors, false),
        DomainException e => new(default, e.Message, e.FieldErrors, e.Kind == DomainErrorKind.Conflict),
        AlreadyCompensatedException e => new(default, e.Message, new Dictionary<string, string[]>(), true),
        ServerBusyException e => new(default, e.Message, new Dictionary<string, string[]>(), false),
        NotPermittedException or NotSignedInException => new(default, exception.Message, new Dictionary<string, string[]>(), false),
        _ => new(default, "The command could not be completed; see the server log.", new Dictionary<string, string[]>(), false),
    };

    private static string FieldSummary(DomainException e) =>
        e.FieldErrors.Count == 0 ? e.Message : string.Join(" ", e.FieldErrors.SelectMany(f => f.Value));
}
