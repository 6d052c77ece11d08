using BlazorEs.App.Api;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BlazorEs.App.Auth;

/// <summary>
/// POST /api/auth/login and /api/auth/refresh: Identity's bearer tokens for the API and the hub (the same handler
/// MapIdentityApi uses, without its open registration and e-mail flows). POST /account/logout ends the console's cookie.
/// </summary>
internal static class AuthEndpoints
{
    public sealed record LoginRequest(string? UserName, string? Password);

    public sealed record RefreshRequest(string? RefreshToken);

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").AllowAnonymous();
        api.MapPost("/login", LoginAsync).WithName("Login")
            .WithSummary("Signs in with {userName, password}.")
            .WithDescription("Answers Identity's bearer tokens {tokenType, accessToken, expiresIn, refreshToken}; 401 for a wrong password or a locked account.")
            .Accepts<LoginRequest>("application/json").Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapPost("/refresh", RefreshAsync).WithName("RefreshToken")
            .WithSummary("Renews the tokens from {refreshToken}.")
            .WithDescription("401 when the refresh token is invalid or expired, or its user was locked, deleted or changed since.")
            .Accepts<RefreshRequest>("application/json").Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        // A plain form post from the app bar; antiforgery is checked for form-bound endpoints.
        app.MapPost("/account/logout", async (SignInManager<IdentityUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).AllowAnonymous().WithName("SignOut").ExcludeFromDescription(); // the console's form, not part of the API
        return app;
    }

    private static async Task<IResult> LoginAsync(HttpRequest request, SignInManager<IdentityUser> signIn, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send {\"userName\", \"password\"} as JSON.");
        LoginRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<LoginRequest>(ApiJson.Strict, ct);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return ApiProblems.From(ex);
        }
        if (string.IsNullOrEmpty(body?.UserName) || string.IsNullOrEmpty(body.Password))
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["userName"] = string.IsNullOrEmpty(body?.UserName) ? ["This field is required."] : [],
                ["password"] = string.IsNullOrEmpty(body?.Password) ? ["This field is required."] : [],
            }.Where(e => e.Value.Length > 0).ToDictionary());

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(body.UserName, body.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return Results.Empty; // the bearer handler has written {tokenType, accessToken, expiresIn, refreshToken}
        return result.IsLockedOut
            ? ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Locked out", "This account is locked after repeated failures or by an administrator; try again later.")
            : ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign-in failed", "The user name or password is wrong.");
    }

    private static async Task<IResult> RefreshAsync(
        HttpRequest request, SignInManager<IdentityUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time, CancellationToken ct)
    {
        RefreshRequest? body;
        try
        {
            body = request.HasJsonContentType() ? await request.ReadFromJsonAsync<RefreshRequest>(ApiJson.Strict, ct) : null;
        }
        catch (System.Text.Json.JsonException ex)
        {
            return ApiProblems.From(ex);
        }
        if (string.IsNullOrEmpty(body?.RefreshToken))
            return ApiProblems.BadRequest("refreshToken", "Send {\"refreshToken\"} as JSON.");

        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(body.RefreshToken);
        // A refresh token of a user since locked, deleted or changed (security stamp) renews nothing.
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user
            || await signIn.UserManager.IsLockedOutAsync(user))
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Refresh refused", "The refresh token is invalid or expired; sign in again.");
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return Results.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
