using BlazorEs.App.Auth;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.RowHistory;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Mediator;

namespace BlazorEs.App.Api;

/// <summary>
/// GET /api/read-models/{readModel}/{key}/history: the events that changed one row, newest first, each with who, when,
/// command, correlation and the row before → after. {readModel} is the read model's path (stock-levels,
/// order-summaries, low-stock) or its projection name (StockLevels, OrderSummaries, LowStockAlerts).
/// </summary>
internal static class RowHistoryEndpoints
{
    private static readonly Dictionary<string, string> Paths = new(StringComparer.OrdinalIgnoreCase)
    {
        ["stock-levels"] = StockLevelsProjection.ProjectionName,
        ["order-summaries"] = OrderSummariesProjection.ProjectionName,
        ["low-stock"] = LowStockAlertsProjection.ProjectionName,
    };

    public static IEndpointRouteBuilder MapRowHistoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/read-models/{readModel}/{key}/history", HistoryAsync)
            .WithName("RowHistory")
            .WithSummary("The events that changed one row, newest first.")
            .WithDescription("Each with who, when, command, correlation and the row before and after it. ?limit=1..200&before=<position> pages back.")
            .RequireAuthorization(ConsolePolicies.View)
            .Produces<RowHistoryPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> HistoryAsync(string readModel, string key, HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        var q = new QueryReader(request.Query);
        var limit = q.Int("limit", GetRowHistory.DefaultLimit, 1, GetRowHistory.MaxLimit);
        var before = q.Long("before", min: 1);
        if (key.Length > GetRowHistory.MaxKeyLength) q.Errors["key"] = [$"key must be at most {GetRowHistory.MaxKeyLength} characters."];
        if (q.Errors.Count > 0) return ApiProblems.Validation(q.Errors);
        try
        {
            return Results.Ok(await mediator.Send(new GetRowHistory(Paths.GetValueOrDefault(readModel, readModel), key, before, limit), ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ApiProblems.From(ex);
        }
    }
}
