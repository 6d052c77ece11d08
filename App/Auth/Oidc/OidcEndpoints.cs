using System.Text.Encodings.Web;
using BlazorEs.App.Components.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace BlazorEs.App.Auth.Oidc;

/// <summary>
/// GET /account/login/oidc?returnUrl= sends the browser to the issuer; the handler comes back at /signin-oidc and
/// then to GET /account/login/oidc/done, which makes the external sign-in a console sign-in (<see cref="OidcAccounts"/>),
/// always deletes the external cookie, and goes on to the returnUrl (a path on this site only). Mapped only when
/// OpenID Connect is configured; open to anonymous callers, as the sign-in page is.
/// </summary>
internal static class OidcEndpoints
{
    public const string StartPath = "/account/login/oidc";
    public const string DonePath = "/account/login/oidc/done";

    public static IEndpointRouteBuilder MapOidcEndpoints(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<OidcOptions>().Enabled) return app;
        app.MapGet(StartPath, StartAsync).AllowAnonymous().WithName("OidcSignIn").ExcludeFromDescription();
        app.MapGet(DonePath, DoneAsync).AllowAnonymous().WithName("OidcSignInDone").ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> StartAsync(HttpContext context, SignInManager<IdentityUser> signIn, string? returnUrl, ILoggerFactory loggers)
    {
        var back = Login.LocalReturnUrl(returnUrl);
        var properties = signIn.ConfigureExternalAuthenticationProperties(OidcSetup.Scheme, $"{DonePath}?returnUrl={Uri.EscapeDataString(back)}");
        try
        {
            // Awaited here, not returned as a result: the handler reads the issuer's metadata first, and an issuer
            // that cannot be reached must end on the sign-in page, not as a 500.
            await context.ChallengeAsync(OidcSetup.Scheme, properties);
            return Results.Empty;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            loggers.CreateLogger(typeof(OidcEndpoints)).LogWarning(ex, "The OpenID Connect issuer could not be reached to start a sign-in");
            context.Response.Clear();
            return Results.Redirect(OidcErrors.LoginPage(OidcErrors.Unavailable, back));
        }
    }

    private static async Task<IResult> DoneAsync(HttpContext context, OidcAccounts accounts, string? returnUrl, ILoggerFactory loggers, CancellationToken ct)
    {
        var back = Login.LocalReturnUrl(returnUrl);
        var external = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
        // Whatever happens next, the issuer's answer is used once.
        await context.SignOutAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded || external.Principal is not { } principal
            || external.Properties?.GetString("LoginProvider") != OidcSetup.Scheme) // set by the challenge above
            return Results.Redirect(OidcErrors.LoginPage(OidcErrors.Failed, back));

        string? refusal;
        try
        {
            refusal = await accounts.SignInAsync(principal, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            loggers.CreateLogger(typeof(OidcEndpoints)).LogWarning(ex, "An OpenID Connect sign-in could not be turned into a console account");
            refusal = OidcErrors.Failed;
        }
        if (refusal is not null) return Results.Redirect(OidcErrors.LoginPage(refusal, back));
        return Continue(back);
    }

    /// <summary>
    /// A page that moves on by itself rather than a redirect: the console's cookie is SameSite=Strict, and a browser
    /// does not send it on a redirect chain that began at another site (the issuer), so a 302 here would land on the
    /// sign-in page once more. A navigation started by this page is same-site, and the cookie goes with it.
    /// </summary>
    private static IResult Continue(string path)
    {
        var url = HtmlEncoder.Default.Encode(path);
        return Results.Content(
            $"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={url}"><title>Signed in · BlazorEs</title></head><body><p>Signed in. <a href="{url}">Continue</a></p></body></html>""",
            "text/html; charset=utf-8");
    }
}
