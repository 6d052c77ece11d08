using System.Security.Claims;
using BlazorEs.Infrastructure.Commands;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;

namespace BlazorEs.App.Tests.Support;

/// <summary>
/// The signed-in principal a bUnit circuit sees: what AuthorizeView, [Authorize] pages and the role-gated buttons
/// evaluate against the app's real policies. <see cref="ConsoleContext.SignIn"/> changes it (and the acting user of
/// the context's commands) together.
/// </summary>
public sealed class TestAuthenticationState : AuthenticationStateProvider
{
    private ClaimsPrincipal _user = new(new ClaimsIdentity());

    public ClaimsPrincipal User => _user;

    public void Set(ClaimsPrincipal user)
    {
        _user = user;
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(_user));

    /// <summary>An Identity-shaped principal: a name and one role.</summary>
    public static ClaimsPrincipal Principal(string userName, string role) => CurrentUser.Principal(userName, role);
}

/// <summary>The sign-out form's antiforgery token, which a real server takes from the request.</summary>
internal sealed class TestAntiforgery : AntiforgeryStateProvider
{
    public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
}
