using BlazorEs.Infrastructure.Commands;

namespace BlazorEs.App.Api;

/// <summary>Until real sign-in exists, an API caller says who it is in X-User (default: anonymous).</summary>
internal sealed class UserFromHeader(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CurrentUser user)
    {
        if (context.Request.Headers.TryGetValue("X-User", out var header)
            && user.TrySet(header.ToString()) is { } error)
        {
            await ApiProblems.BadRequest("X-User", error).ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
