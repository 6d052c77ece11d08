using BlazorEs.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics;

namespace BlazorEs.App.Api;

/// <summary>
/// A fault of the database itself (locked by another process, read-only, full, an I/O error) reaching the exception
/// handler from any endpoint or page: 503 with Retry-After and a problem naming the fault, never a 500 with a stack.
/// The fault passes when its cause does, so the pooled connections opened during it are dropped; the stack goes to the log.
/// </summary>
internal sealed class StorageFaultHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (StoreFaults.Describe(exception) is not { } fault) return false;
        StorageFaultLog.Write(httpContext, exception, fault);
        StoreFaults.DropPooledConnections();
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "2";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "Storage unavailable", Detail = StoreFaults.Message(fault) },
        });
    }
}
