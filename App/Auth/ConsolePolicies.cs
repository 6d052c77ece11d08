using System.Security.Claims;
using BlazorEs.Infrastructure.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace BlazorEs.App.Auth;

/// <summary>
/// The ASP.NET Core policies, built from the one table in <see cref="ConsoleRoles.Policies"/>: every endpoint, the hub
/// and every screen name one of these (or AllowAnonymous), and the fallback refuses whatever names none.
/// </summary>
public static class ConsolePolicies
{
    public const string View = ConsoleRoles.View;
    public const string Audit = ConsoleRoles.Audit;
    public const string Operate = ConsoleRoles.Operate;
    public const string Administer = ConsoleRoles.Administer;

    public static IEnumerable<string> Names => ConsoleRoles.Policies.Keys;

    /// <summary>The roles that pass <paramref name="policy"/>.</summary>
    public static IReadOnlyList<string> RolesFor(string policy) => ConsoleRoles.Policies[policy].Roles;

    /// <summary>"Needs the operator role": what a disabled button's tooltip says.</summary>
    public static string Needs(string policy) => $"Needs the {NeededRole(policy)} role";

    /// <summary>"Rename: needs the operator role" — a refused action's tooltip; without an action, <see cref="Needs"/>.</summary>
    public static string Refusal(string? action, string policy) => action is null ? Needs(policy) : $"{action}: {Needs(policy).ToLowerInvariant()}";

    public static string NeededRole(string policy) => ConsoleRoles.Policies[policy].Needs;

    /// <summary>
    /// Whether <paramref name="user"/> passes <paramref name="policy"/>, synchronously, for screens deciding which
    /// buttons to enable; a test checks it agrees with the authorization service for every role and policy.
    /// </summary>
    public static bool Allows(ClaimsPrincipal user, string policy) => ConsoleRoles.Allows(user, policy);

    public static void Configure(AuthorizationOptions options)
    {
        foreach (var (name, (roles, _)) in ConsoleRoles.Policies)
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));
        // An endpoint or page that names no policy is not open: it needs a signed-in viewer at least.
        options.FallbackPolicy = options.GetPolicy(View);
    }
}
