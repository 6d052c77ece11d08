using BlazorEs.App.Auth;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Mediator;

namespace BlazorEs.App.Api;

/// <summary>GET /api/read-models/...: the read tables the screens use, paged, sorted and filtered.</summary>
internal static class ReadModelEndpoints
{
    public static IEndpointRouteBuilder MapReadModelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/read-models").RequireAuthorization(ConsolePolicies.View);
        group.MapGet("/stock-levels", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
        {
            var q = new QueryReader(request.Query);
            var query = new GetStockLevels(Grid(q), q.Bool("lowOnly"), !q.Bool("activeOnly"));
            return SendAsync(q, () => mediator.Send(query, ct));
        }).WithName("GetStockLevels").WithSummary("Stock levels, paged, sorted and filtered.")
            .WithDescription("?page, ?pageSize (max 500), ?sortBy, ?desc, ?search; ?lowOnly for the products under the threshold, ?activeOnly to leave out discontinued ones.")
            .Produces<Page<StockLevel>>();
        group.MapGet("/order-summaries", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
        {
            var q = new QueryReader(request.Query);
            var query = new GetOrderSummaries(Grid(q), q.String("status", 20));
            return SendAsync(q, () => mediator.Send(query, ct));
        }).WithName("GetOrderSummaries").WithSummary("Order summaries, paged, sorted and filtered.")
            .WithDescription("?page, ?pageSize (max 500), ?sortBy, ?desc, ?search, ?status (Placed, Paid, Shipped, Cancelled).")
            .Produces<Page<OrderSummary>>();
        group.MapGet("/dashboard", (IMediator mediator, CancellationToken ct) =>
            SendAsync(null, () => mediator.Send(new GetDashboard(), ct)))
            .WithName("GetDashboard").WithSummary("The dashboard's figures.").Produces<DashboardView>();
        group.MapGet("/low-stock", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
        {
            var q = new QueryReader(request.Query);
            var query = new GetLowStockAlerts(ActiveOnly: !q.Bool("all"));
            return SendAsync(q, () => mediator.Send(query, ct));
        }).WithName("GetLowStockAlerts").WithSummary("Low-stock alerts.")
            .WithDescription("The active alerts; ?all=true includes the resolved ones.")
            .Produces<IReadOnlyList<LowStockAlert>>();
        return app;
    }

    private static GridRequest Grid(QueryReader q) => new(
        q.Int("page", 1, 1, GridRequest.MaxPageNumber),
        q.Int("pageSize", 25, 1, GridRequest.MaxPageSize),
        q.String("sortBy", 50),
        q.Bool("desc"),
        q.String("search"));

    private static async Task<IResult> SendAsync<T>(QueryReader? q, Func<ValueTask<T>> send)
    {
        if (q is { Errors.Count: > 0 }) return ApiProblems.Validation(q.Errors);
        try
        {
            return Results.Ok(await send());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ApiProblems.From(ex);
        }
    }
}
