using System.Globalization;
using System.Threading.RateLimiting;
using BlazorEs.Infrastructure.Settings;
using Microsoft.AspNetCore.RateLimiting;

namespace BlazorEs.App.Limits;

/// <summary>
/// Rate limiting (Microsoft.AspNetCore.RateLimiting) per user — the signed-in principal's name, else the client's IP —
/// on commands and on the expensive reads. Which requests count is decided here by method and path, so the endpoint
/// files stay as they are; the limits come from "RateLimits". A refusal is 429 with Retry-After and a problem body.
/// </summary>
internal static class RateLimits
{
    public static IHostApplicationBuilder AddConsoleRateLimits(this IHostApplicationBuilder builder)
    {
        // Validated at start like every section: a wrong limit stops start-up naming its key.
        var settings = builder.AddValidatedOptions<RateLimitSettings>("RateLimits", s => s.Validate());
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
            if (settings.Enabled)
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (string Kind, string Who)>(
                    http => Partition(http, settings), EqualityComparer<(string, string)>.Default);
        });
        return builder;
    }

    /// <summary>What a request counts against, and whose bucket; requests that are neither pass unlimited.</summary>
    public static string? KindOf(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)) return null;
        if (HttpMethods.IsPost(request.Method)) return "commands";
        if (!HttpMethods.IsGet(request.Method)) return null;
        return path.StartsWith("/api/replay", StringComparison.OrdinalIgnoreCase)
               || path.StartsWith("/api/streams", StringComparison.OrdinalIgnoreCase)
               || path.StartsWith("/api/events", StringComparison.OrdinalIgnoreCase)
               || path.Contains("export", StringComparison.OrdinalIgnoreCase)
               // A row's history folds its whole stream (a product's grows with every reservation).
               || path.EndsWith("/history", StringComparison.OrdinalIgnoreCase)
            ? "expensive"
            : null;
    }

    /// <summary>The principal's name when signed in; otherwise the client's address (never a header the client chooses).</summary>
    public static string WhoOf(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? "user:" + name
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static RateLimitPartition<(string Kind, string Who)> Partition(HttpContext http, RateLimitSettings settings)
    {
        var kind = KindOf(http.Request);
        if (kind is null) return RateLimitPartition.GetNoLimiter(("none", ""));
        var limit = kind == "commands" ? settings.Commands : settings.ExpensiveReads;
        return RateLimitPartition.GetFixedWindowLimiter((kind, WhoOf(http)), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = TimeSpan.FromSeconds(limit.WindowSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var kind = KindOf(http.Request) == "commands" ? "commands" : "expensive reads";
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                detail: $"Too many {kind} from {WhoOf(http)[(WhoOf(http).IndexOf(':') + 1)..]} in a short time; nothing was done. Try again in {seconds} s.")
            .ExecuteAsync(http);
    }
}
