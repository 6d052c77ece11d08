using BlazorEs.App.Auth;
using Mediator;
using System.Globalization;
using System.Text.Json.Serialization;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Replay;

namespace BlazorEs.App.Api;

/// <summary>/api/replay: every read model as of a position or a time, and the difference between two points.</summary>
internal static class ReplayEndpoints
{
    private static readonly Dictionary<string, string> ReadModels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["stock-levels"] = StockLevelsProjection.ProjectionName,
        ["order-summaries"] = OrderSummariesProjection.ProjectionName,
        ["dashboard"] = DashboardFiguresProjection.ProjectionName,
        ["low-stock"] = LowStockAlertsProjection.ProjectionName,
    };

    public static IEndpointRouteBuilder MapReplayEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/replay/diff", DiffAsync).WithName("ReplayDiff").RequireAuthorization(ConsolePolicies.View)
            .WithSummary("What changed in every read model between two points.")
            .WithDescription("?from and ?to are positions or ISO 8601 times; the figures whole, and per read model the totals with one page (?page, ?pageSize) of the rows added, removed and changed.")
            .Produces<ReplayDiffPage>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/replay/{readModel}", ReadModelAsync).WithName("ReplayReadModel").RequireAuthorization(ConsolePolicies.View)
            .WithSummary("One read model as of a position or a time.")
            .WithDescription("{readModel} is stock-levels, order-summaries, low-stock or dashboard; ?position or ?at (ISO 8601), ?page and ?pageSize; order-summaries newest placed first, and with ?status (Placed, Paid, Shipped, Cancelled) the orders that entered it most recently first. Replayed in memory with the live projection code; nothing is written. The dashboard answers its figures, the others a page of rows.")
            .Produces<ReplayReadModelPage>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>A read model as of a point: a page of its rows (their read model's shape), or the dashboard's figures.</summary>
    internal sealed record ReplayReadModelPage(
        AsOfPoint AsOf,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DashboardView? Dashboard = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<object>? Rows = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Total = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Page = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PageSize = null);

    private static async Task<IResult> ReadModelAsync(string readModel, HttpRequest request, ReplayAsOf replay, IMediator mediator, CancellationToken ct)
    {
        if (!ReadModels.TryGetValue(readModel, out var projection))
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "Unknown read model",
                $"There is no read model '{readModel}'. Read models: {string.Join(", ", ReadModels.Keys)}.");
        var q = new QueryReader(request.Query);
        var position = q.Long("position");
        var at = q.Time("at");
        var (page, pageSize) = Paging(q);
        var status = OrderStatusFilter(q, projection);
        if (q.Errors.Count > 0) return ApiProblems.Validation(q.Errors);
        try
        {
            var point = await replay.ResolveAsync(position, at, ct);
            if (projection == OrderSummariesProjection.ProjectionName)
            {
                // Orders grow with the history: a page is folded from its orders' streams, never every order restored.
                var orders = await mediator.Send(new GetReplayOrders(point.Position, status, page, pageSize), ct);
                return Results.Ok(new ReplayReadModelPage(point, Rows: [.. orders.Items], Total: orders.Total, Page: page, PageSize: pageSize));
            }
            var memory = await replay.ReadModelAsync(projection, point.Position, ct);
            if (projection == DashboardFiguresProjection.ProjectionName)
                return Results.Ok(new ReplayReadModelPage(point, Dashboard: ReplayAsOf.Dashboard(memory, point)));
            var rows = memory.Rows.ToList();
            var skip = (int)Math.Min(int.MaxValue, ((long)page - 1) * pageSize);
            return Results.Ok(new ReplayReadModelPage(point, Rows: [.. rows.Skip(skip).Take(pageSize)], Total: rows.Count, Page: page, PageSize: pageSize));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ApiProblems.From(ex);
        }
    }

    private static async Task<IResult> DiffAsync(HttpRequest request, ReplayAsOf replay, ReplayRows rows, CancellationToken ct)
    {
        var q = new QueryReader(request.Query);
        var errors = q.Errors;
        var from = Point(request.Query["from"], "from", errors);
        var to = Point(request.Query["to"], "to", errors);
        var (page, pageSize) = Paging(q);
        if (errors.Count > 0) return ApiProblems.Validation(errors);
        try
        {
            var a = await replay.ResolveAsync(from.Position, from.At, ct);
            var b = await replay.ResolveAsync(to.Position, to.At, ct);
            var (before, after) = await rows.BetweenAsync(a.Position, b.Position, ct);
            return Results.Ok(ReplayDiffPage.Of(ReplayDiff.Between(a, b, before, after), page, pageSize));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ApiProblems.From(ex);
        }
    }

    /// <summary>?status (any case) filters the orders; on another read model it is an error, not ignored.</summary>
    private static string? OrderStatusFilter(QueryReader q, string projection)
    {
        if (q.String("status") is not { } given) return null;
        if (projection != OrderSummariesProjection.ProjectionName)
        {
            q.Errors["status"] = ["status filters order-summaries only."];
            return null;
        }
        var status = GetReplayOrders.Statuses.FirstOrDefault(s => s.Equals(given, StringComparison.OrdinalIgnoreCase));
        if (status is null) q.Errors["status"] = [$"status must be one of: {string.Join(", ", GetReplayOrders.Statuses)}."];
        return status;
    }

    /// <summary>page (1…) and pageSize (1…500, default 100), checked so their product cannot overflow.</summary>
    private static (int Page, int PageSize) Paging(QueryReader q) =>
        (q.Int("page", 1, 1, GridRequest.MaxPageNumber), q.Int("pageSize", 100, 1, GridRequest.MaxPageSize));

    /// <summary>A point is a position (an integer) or an ISO 8601 time.</summary>
    private static (long? Position, DateTime? At) Point(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[name] = [$"{name} is required: a position (e.g. 1200) or an ISO 8601 time (e.g. 2026-11-20T14:02:00Z)."];
            return (null, null);
        }
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var position)) return (position, null);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return (null, at.UtcDateTime);
        errors[name] = [$"{name} must be a position (a non-negative integer) or an ISO 8601 time."];
        return (null, null);
    }
}
