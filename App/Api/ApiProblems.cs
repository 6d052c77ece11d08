using System.Text.Json;
using System.Text.RegularExpressions;
using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Compensation;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Limits;
using BlazorEs.Infrastructure.Persistence;

namespace BlazorEs.App.Api;

/// <summary>The one mapping from what went wrong to the problem+json a client sees. Never a stack trace.</summary>
internal static partial class ApiProblems
{
    public static IResult From(Exception exception) => exception switch
    {
        DomainException { Kind: DomainErrorKind.Validation } e => Validation(e.FieldErrors, e.Message),
        DomainException { Kind: DomainErrorKind.NotFound } e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
        DomainException { Kind: DomainErrorKind.Conflict } e => Problem(StatusCodes.Status409Conflict, "Conflict", e.Message),
        DomainException e => Problem(StatusCodes.Status422UnprocessableEntity, "Business rule", e.Message),
        ConcurrencyConflictException e => Problem(StatusCodes.Status409Conflict, "Concurrency conflict", e.Message),
        AlreadyCompensatedException e => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already compensated", detail: e.Message,
            extensions: new Dictionary<string, object?> { ["compensation"] = e.Compensation }),
        RecordedOnceException e => Problem(StatusCodes.Status409Conflict, "Recorded already", e.Message),
        NotTheProjectorException e => NotTheProjector(e),
        ServerBusyException e => new RetryAfterResult(e.RetryAfter, Problem(StatusCodes.Status503ServiceUnavailable, "Server busy", e.Message)),
        NotSignedInException e => Problem(StatusCodes.Status401Unauthorized, "Not signed in", e.Message),
        NotPermittedException e => Problem(StatusCodes.Status403Forbidden, "Forbidden", e.Message),
        BodyNotJsonException e => BadRequest("body", e.Message),
        JsonException e => Json(e),
        BadHttpRequestException e => Problem(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Body too large" : "Bad request", e.Message),
        _ when StoreFaults.Describe(exception) is { } fault => StorageFault(exception, fault),
        _ => throw exception,
    };

    /// <summary>
    /// 503 + Retry-After for a fault of the database itself (it passes when its cause does; see StorageFaultHandler); the
    /// client gets no stack, the operator's log keeps it (logged when the answer is written, by whichever endpoint).
    /// </summary>
    private static IResult StorageFault(Exception exception, string fault)
    {
        StoreFaults.DropPooledConnections();
        return new StorageFaultResult(exception, fault,
            new RetryAfterResult(TimeSpan.FromSeconds(2), Problem(StatusCodes.Status503ServiceUnavailable, "Storage unavailable", StoreFaults.Message(fault))));
    }

    /// <summary>409 naming the instance that projects (the "holder" extension), so a client or a proxy can send it there.</summary>
    private static IResult NotTheProjector(NotTheProjectorException e) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not the projector", detail: e.Message,
            extensions: new Dictionary<string, object?> { ["holder"] = e.HolderId });

    public static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);

    public static IResult Validation(IReadOnlyDictionary<string, string[]> errors, string detail = "One or more fields are invalid.") =>
        Results.ValidationProblem(errors.ToDictionary(e => CamelPath(e.Key), e => e.Value), detail: detail, title: "Invalid input");

    public static IResult BadRequest(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, message);

    private static IResult Json(JsonException e)
    {
        var missing = MissingProperties().Match(e.Message);
        if (missing.Success)
        {
            var names = QuotedName().Matches(missing.Groups[1].Value).Select(m => m.Groups[1].Value);
            return Validation(names.ToDictionary(n => n, _ => new[] { "This field is required." }), "Required fields are missing.");
        }
        var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
        var message = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "This field is not part of the command."
            : "This field has the wrong type or is out of range.";
        return Validation(new Dictionary<string, string[]> { [path] = [message] }, message);
    }

    /// <summary>"Lines[0].Quantity" → "lines[0].quantity", as the JSON body spells it.</summary>
    public static string CamelPath(string path) => path.StartsWith("X-", StringComparison.Ordinal) ? path : // header names stay as sent
        string.Join('.', path.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));

    [GeneratedRegex("missing required properties including: (.*)")]
    private static partial Regex MissingProperties();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedName();
}

/// <summary>A problem answered with a Retry-After header (a limit the server keeps on purpose).</summary>
internal sealed class RetryAfterResult(TimeSpan retryAfter, IResult problem) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return problem.ExecuteAsync(httpContext);
    }
}

/// <summary>An answer that puts the storage fault behind it in the server's log as it is written (<see cref="StorageFaultLog"/>).</summary>
internal sealed class StorageFaultResult(Exception exception, string fault, IResult answer) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        StorageFaultLog.Write(httpContext, exception, fault);
        return answer.ExecuteAsync(httpContext);
    }
}

/// <summary>
/// A request answered 503 for a fault of the database: a Warning with the stack, the method and the path, whether an
/// endpoint mapped it (<see cref="ApiProblems"/>) or it reached the exception handler (<see cref="StorageFaultHandler"/>;
/// .NET 10 no longer logs an exception a handler handled).
/// </summary>
internal static class StorageFaultLog
{
    public const string Category = "BlazorEs.Api";

    public static void Write(HttpContext httpContext, Exception exception, string fault) =>
        httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category)
            .LogWarning(exception, "{Method} {Path} answered 503: {Fault}", httpContext.Request.Method, httpContext.Request.Path.Value, fault);
}

/// <summary>The request body could not be parsed as JSON at all.</summary>
internal sealed class BodyNotJsonException() : Exception("The body is not valid JSON.");
