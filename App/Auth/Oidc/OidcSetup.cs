using BlazorEs.Infrastructure.Settings;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace BlazorEs.App.Auth.Oidc;

/// <summary>
/// OpenID Connect sign-in with the standard handler, on when Auth:Oidc:Authority is set: authorization code with
/// PKCE, the answer as a query (a top-level GET, so the handler's correlation and nonce cookies can be SameSite=Lax),
/// no tokens kept, the user's claims from the id token and the userinfo endpoint. The handler signs in to Identity's
/// short-lived external cookie only; <see cref="OidcEndpoints"/> turns that into a local account and the console's
/// cookie. Every failure at the callback ends on the sign-in page with a reason code, never an error page.
/// </summary>
internal static class OidcSetup
{
    public const string Scheme = "oidc";

    public const string CallbackPath = "/signin-oidc";

    public static IHostApplicationBuilder AddOidcSignIn(this IHostApplicationBuilder builder)
    {
        var oidc = builder.AddValidatedOptions<OidcOptions>(OidcOptions.Section, o => o.Validate());
        if (!oidc.Enabled) return builder;
        builder.Services.AddScoped<OidcAccounts>();
        builder.Services.AddAuthentication().AddOpenIdConnect(Scheme, oidc.ShownName, o =>
        {
            o.Authority = oidc.Authority;
            o.ClientId = oidc.ClientId;
            o.ClientSecret = oidc.ClientSecret;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.CallbackPath = CallbackPath;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = true; // skipped by the handler when the issuer has no userinfo endpoint
            o.MapInboundClaims = false; // keep "sub", "preferred_username" and the role claim under their own names
            o.Scope.Clear();
            foreach (var scope in oidc.RequestedScopes) o.Scope.Add(scope);
            // The userinfo answer adds only the claims mapped here; the id token's claims are kept as they are.
            o.ClaimActions.MapUniqueJsonKey("preferred_username", "preferred_username");
            o.ClaimActions.MapUniqueJsonKey("email", "email");
            o.ClaimActions.MapJsonKey(oidc.RoleClaim, oidc.RoleClaim);
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            if (!oidc.RequireHttpsMetadata)
            {
                // A development issuer on http: the cookies must work without TLS too.
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }
            o.Events.OnAccessDenied = context => EndOnLoginPage(context, OidcErrors.Refused, null);
            o.Events.OnRemoteFailure = context => EndOnLoginPage(context, OidcErrors.Failed, context.Failure);
        });
        return builder;
    }

    /// <summary>The issuer said no (access_denied), or the answer did not hold (state, correlation, code, token): the sign-in page says so.</summary>
    private static Task EndOnLoginPage<TOptions>(HandleRequestContext<TOptions> context, string code, Exception? failure)
        where TOptions : AuthenticationSchemeOptions
    {
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSetup));
        logger.LogWarning(failure, "OpenID Connect sign-in ended without a user ({Code})", code);
        context.Response.Redirect(OidcErrors.LoginPage(code, null));
        context.HandleResponse();
        return Task.CompletedTask;
    }
}
