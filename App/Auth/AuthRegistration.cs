using BlazorEs.App.Auth.Oidc;
using BlazorEs.App.Live;
using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.Commands;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;

namespace BlazorEs.App.Auth;

/// <summary>
/// Sign-in: Identity (accounts and roles in the application's database), a cookie for the console, Identity's bearer
/// tokens for the HTTP API and the hub, the policies of <see cref="ConsolePolicies"/>, and the acting user of every
/// scope taken from the principal.
/// </summary>
internal static class AuthRegistration
{
    /// <summary>Picks the scheme by path: the API and the hub take bearer tokens only (so no cookie can be replayed from another site), pages the cookie.</summary>
    public const string ConsoleScheme = "Console";

    public static IHostApplicationBuilder AddConsoleAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = ConsoleScheme;
                o.DefaultChallengeScheme = ConsoleScheme;
                o.DefaultForbidScheme = ConsoleScheme;
            })
            .AddPolicyScheme(ConsoleScheme, "Cookie for pages, bearer for the API and hub",
                o => o.ForwardDefaultSelector = ctx => TakesBearer(ctx.Request.Path) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                // Browsers cannot put a header on a WebSocket: the JavaScript client's accessTokenFactory sends the
                // token as ?access_token=, accepted on the hub's path only (query strings end up in logs elsewhere).
                o.Events.OnMessageReceived = ctx =>
                {
                    if (ctx.Request.Path.StartsWithSegments(LiveMessageNames.HubPath)
                        && ctx.Request.Query["access_token"].ToString() is { Length: > 0 } token)
                        ctx.Token = token;
                    return Task.CompletedTask;
                };
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "BlazorEs.Auth";
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
            }));

        // Identity's accounts, roles, rules and stores are the Infrastructure's (AddAccountsStore); signing in is the App's.
        new IdentityBuilder(typeof(IdentityUser), typeof(IdentityRole), services).AddSignInManager();
        services.AddAuthorization(ConsolePolicies.Configure);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityState>();
        services.AddScoped<CircuitHandler, CircuitUser>();
        services.AddSingleton(AccountSetupOptions.Read(builder.Configuration, builder.Environment));
        services.AddHostedService<AccountSetup>();
        services.AddBearerToApiDocument();
        builder.AddOidcSignIn(); // organisations that sign in elsewhere (Auth:Oidc), off while its Authority is empty
        return builder;
    }

    public static WebApplication UseConsoleAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        // The acting user of this request's scope is the authenticated principal, and nothing else.
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<CurrentUser>().Set(context.User);
            return next(context);
        });
        app.MapOidcEndpoints();
        return app;
    }

    private static bool TakesBearer(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments(LiveMessageNames.HubPath);
}
