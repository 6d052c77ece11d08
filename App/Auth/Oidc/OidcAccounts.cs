using System.Security.Claims;
using BlazorEs.Infrastructure.Accounts;
using Microsoft.AspNetCore.Identity;

namespace BlazorEs.App.Auth.Oidc;

/// <summary>
/// Turns the issuer's user into a local Identity account and signs it in with the console's cookie. The console keeps
/// a local account for every OIDC user because its circuits re-check the account every minute (locked, role changed):
/// the first sign-in provisions one, linked to the issuer's subject id; each sign-in sets its role to what the role
/// claim maps to now. Both changes are recorded in the accounts audit stream like an admin's, with the user themself
/// as the event's user and <see cref="CommandName"/> as its command (the change is their signing in, the role is the
/// issuer's word). A name already used by another account is refused, never merged; a locked account is refused.
/// </summary>
internal sealed class OidcAccounts(
    UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, AccountsDbContext db, AccountAudit audit, OidcOptions options,
    ILogger<OidcAccounts> logger)
{
    /// <summary>The command name of the audit events a sign-in at the issuer records.</summary>
    public const string CommandName = "OidcSignIn";

    /// <summary>Signs the issuer's user in; null when signed in, else the <see cref="OidcErrors"/> code of the refusal (nothing written).</summary>
    public async Task<string?> SignInAsync(ClaimsPrincipal external, CancellationToken ct)
    {
        if (external.FindFirstValue("sub") is not { Length: > 0 } subject) return OidcErrors.Failed;
        var role = options.MapRole(external.FindAll(options.RoleClaim).Select(c => c.Value));
        if (role is null) return OidcErrors.Unmapped;

        var user = await users.FindByLoginAsync(options.LoginProvider, subject);
        if (user is null)
        {
            var (name, refusal) = UserNameOf(external, subject);
            if (refusal is not null) return refusal;
            if (await users.FindByNameAsync(name!) is not null)
            {
                logger.LogWarning("OpenID Connect user {Subject} refused: the user name {User} belongs to another account", subject, name);
                return OidcErrors.NameTaken;
            }
            user = await ProvisionAsync(name!, subject, role, ct);
        }
        else
        {
            if (await users.IsLockedOutAsync(user)) return OidcErrors.Locked;
            await SetRoleAsync(user, role, ct);
        }

        var result = await signIn.ExternalLoginSignInAsync(options.LoginProvider, subject, isPersistent: false, bypassTwoFactor: true);
        if (result.IsLockedOut) return OidcErrors.Locked;
        if (!result.Succeeded) return OidcErrors.Failed;
        logger.LogInformation("{User} signed in to the console at {Issuer} as {Role}", user.UserName, options.ShownName, role);
        return null;
    }

    /// <summary>preferred_username, else email, else the subject id; the first one given must pass the user-name rule.</summary>
    internal static (string? Name, string? Refusal) UserNameOf(ClaimsPrincipal external, string subject)
    {
        var given = external.FindFirstValue("preferred_username") is { Length: > 0 } preferred ? preferred
            : external.FindFirstValue("email") is { Length: > 0 } email ? email
            : null;
        if (given is not null) return UserNames.IsSafe(given) ? (given, null) : (null, OidcErrors.NameNotAllowed);
        return UserNames.IsSafe(subject) ? (subject, null) : (null, OidcErrors.NameMissing);
    }

    private async Task<IdentityUser> ProvisionAsync(string name, string subject, string role, CancellationToken ct)
    {
        var user = new IdentityUser(name);
        await ChangeAsync(async () =>
        {
            Check(await users.CreateAsync(user)); // no password: this account signs in at the issuer only
            Check(await users.AddToRoleAsync(user, role));
            Check(await users.AddLoginAsync(user, new UserLoginInfo(options.LoginProvider, subject, options.ShownName)));
            return new UserCreated(name, role);
        }, name, ct);
        return user;
    }

    private async Task SetRoleAsync(IdentityUser user, string role, CancellationToken ct)
    {
        var held = await users.GetRolesAsync(user);
        if (held.Count == 1 && held[0] == role) return;
        var from = ConsoleRoles.All.LastOrDefault(held.Contains);
        await ChangeAsync(async () =>
        {
            if (held.Count > 0) Check(await users.RemoveFromRolesAsync(user, held));
            Check(await users.AddToRoleAsync(user, role));
            Check(await users.UpdateSecurityStampAsync(user)); // the user's open consoles re-check with the new role
            return from == role ? null : new UserRoleChanged(user.UserName!, from ?? "none", role);
        }, user.UserName!, ct);
    }

    /// <summary>The account change and its audit event in one accounts transaction (both or neither), then the event to the store (<see cref="AccountAudit"/>).</summary>
    private async Task ChangeAsync(Func<Task<object?>> change, string who, CancellationToken ct)
    {
        var staged = false;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            if (await change() is { } @event)
            {
                await audit.StageAsync(db, who, CommandName, @event, ct);
                staged = true;
            }
            await transaction.CommitAsync(ct);
        }
        if (!staged) return;
        try
        {
            await audit.PublishPendingAsync(db, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "An account change is committed but its audit event is not yet in the store; it is appended at the next change or start");
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException("Identity refused: " + string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
