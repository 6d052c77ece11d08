using BlazorEs.Domain.Errors;

namespace BlazorEs.App.Components.Shared;

/// <summary>What a screen shows after asking a query: the answer, or one sentence on why there is none.</summary>
public sealed record QueryOutcome<T>(T? Value, string? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>Runs <paramref name="query"/>; a refusal is explained, anything unexpected is logged and summarised.</summary>
    public static async Task<QueryOutcome<T>> RunAsync(Func<ValueTask<T>> query, string what, ILogger logger)
    {
        try
        {
            return new QueryOutcome<T>(await query(), null);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Validation)
        {
            var fields = e.FieldErrors.SelectMany(f => f.Value).ToList();
            return new QueryOutcome<T>(default, fields.Count > 0 ? string.Join(" ", fields) : e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Loading {What} failed", what);
            return new QueryOutcome<T>(default, $"{what} could not be loaded. The server log has the details.");
        }
    }
}
