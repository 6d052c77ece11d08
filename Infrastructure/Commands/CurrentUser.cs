using System.Security.Claims;
using BlazorEs.Infrastructure.Accounts;

namespace BlazorEs.Infrastructure.Commands;

/// <summary>Who is acting in this scope: the signed-in principal (an HTTP request's, or a console circuit's).</summary>
public interface ICurrentUser
{
    /// <summary>The user name, or null when nobody is signed in.</summary>
    string? Name { get; }

    /// <summary>The console role (viewer, auditor, operator, admin), or null.</summary>
    string? Role { get; }
}

/// <summary>
/// The scope's acting user, set from the authenticated principal by the App (a middleware for HTTP requests, a
/// circuit handler for the console) and read by the metadata step of the pipeline. Nothing a caller sends (no header,
/// no picker) sets it. A principal whose name is outside <see cref="UserNames"/> counts as nobody.
/// </summary>
public sealed class CurrentUser : ICurrentUser
{
    public string? Name { get; private set; }
    public string? Role { get; private set; }

    public void Set(ClaimsPrincipal? principal)
    {
        var name = principal?.Identity is { IsAuthenticated: true } identity ? identity.Name : null;
        Name = UserNames.IsSafe(name) ? name : null;
        Role = Name is null ? null : ConsoleRoles.All.LastOrDefault(r => principal!.IsInRole(r));
    }

    /// <summary>A principal as Identity makes one, for in-process callers and tests that act as a named user.</summary>
    public static ClaimsPrincipal Principal(string name, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "Identity.Application"));
}

/// <summary>A command reached the pipeline with nobody signed in: nothing is recorded without a user.</summary>
public sealed class NotSignedInException() : Exception("Sign in first: every change is recorded with the signed-in user.");
