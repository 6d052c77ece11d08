using BlazorEs.Infrastructure.Commands;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BlazorEs.App.Auth;

/// <summary>
/// Gives a console circuit's scope its acting user: the circuit's authentication state when it opens and whenever it
/// changes (revalidation signs a locked user out). Commands sent from the screens are recorded as this user.
/// </summary>
internal sealed class CircuitUser(AuthenticationStateProvider authentication, CurrentUser user) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        user.Set((await authentication.GetAuthenticationStateAsync()).User);
        authentication.AuthenticationStateChanged += OnChanged;
    }

    private async void OnChanged(Task<AuthenticationState> state)
    {
        try
        {
            user.Set((await state).User);
        }
        catch (Exception)
        {
            // A state that cannot be read is nobody: commands are refused rather than recorded as the last user.
            user.Set(null);
        }
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnChanged;
}
