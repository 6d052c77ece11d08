namespace BlazorEs.App.OpenApi;

internal static class ApiGroups
{
    /// <summary>
    /// A route group without a prefix, so an endpoints file keeps its own paths: it gives every endpoint mapped on it
    /// its tag in the API document and the problem+json answers every API endpoint may give (bad input, limits).
    /// </summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string tag)
    {
        var group = app.MapGroup("").WithTags(tag);
        group.ProducesValidationProblem();
        group.ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }
}
