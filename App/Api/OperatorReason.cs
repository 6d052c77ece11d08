namespace BlazorEs.App.Api;

/// <summary>
/// The reason of an operator action (retry, skip, rebuild, rebuild all, compensation): from a JSON body
/// <c>{"reason": "..."}</c> only. A form post or a query string is refused (415), so no other web site can trigger an
/// action with a plain cross-site form; the length (1–500) is the commands' own rule.
/// </summary>
internal static class OperatorReason
{
    /// <summary>Why, and for retry / skip the parked event's position (409 when it is not the parked one).</summary>
    public sealed record Body(string? Reason, long? Position = null);

    /// <summary>The body, or the problem to answer instead.</summary>
    public static async Task<(Body? Body, IResult? Refused)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the reason as JSON: {\"reason\": \"why\"} with Content-Type: application/json."));
        try
        {
            return (await request.ReadFromJsonAsync<Body>(ApiJson.Strict, ct) ?? new Body(null), null);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return (null, ApiProblems.From(ex));
        }
    }
}
