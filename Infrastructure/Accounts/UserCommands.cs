using BlazorEs.Infrastructure.Commands;
using Mediator;

namespace BlazorEs.Infrastructure.Accounts;

/// <summary>An account as the users screen and GET /api/users show it (never a password or its hash).</summary>
public sealed record UserAccount(string UserName, string Role, bool Locked, DateTimeOffset? LockedUntil, int FailedSignIns);

/// <summary>Every account, by user name (an admin's question: who may sign in, with which role).</summary>
public sealed record GetUsers : IQuery<IReadOnlyList<UserAccount>>;

/// <summary>A new account with one role; the password must pass Identity's rules.</summary>
public sealed record CreateUser(string UserName, string Password, string Role) : ICommand<UserAccount>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => UserRules.Check(userName: UserName, role: Role, password: Password);
}

/// <summary>Gives the account another role; its sessions re-check at once (the security stamp changes).</summary>
public sealed record ChangeUserRole(string UserName, string Role) : ICommand<UserAccount>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => UserRules.Check(userName: UserName, role: Role);
}

/// <summary>Stops the account signing in until unlocked, with why; its console sessions end at their next check.</summary>
public sealed record LockUser(string UserName, string Reason) : ICommand<UserAccount>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => UserRules.Check(userName: UserName, reason: Reason);
}

/// <summary>Lets a locked account (by an admin or by failed sign-ins) sign in again.</summary>
public sealed record UnlockUser(string UserName) : ICommand<UserAccount>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => UserRules.Check(userName: UserName);
}

/// <summary>Sets a new password chosen by the admin (who tells the user); the event records that it happened, never the password.</summary>
public sealed record ResetUserPassword(string UserName, string Password) : ICommand<UserAccount>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => UserRules.Check(userName: UserName, password: Password);
}

/// <summary>The fields' rules; each argument given is checked (a null one counts as missing).</summary>
internal static class UserRules
{
    public const int MaxReason = 500;

    public static IReadOnlyDictionary<string, string[]> Check(
        Optional userName = default, Optional role = default, Optional password = default, Optional reason = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (userName.Given && !UserNames.IsSafe(userName.Value)) errors["userName"] = [UserNames.Rule];
        if (role.Given && !ConsoleRoles.IsKnown(role.Value)) errors["role"] = [ConsoleRoles.Unknown(role.Value)];
        if (password.Given && string.IsNullOrEmpty(password.Value)) errors["password"] = ["Enter a password."];
        if (reason.Given && (string.IsNullOrWhiteSpace(reason.Value) || reason.Value.Length > MaxReason))
            errors["reason"] = [$"Say why, in 1–{MaxReason} characters."];
        return errors;
    }

    /// <summary>A field to check (its value may be null: a JSON body can leave it out).</summary>
    public readonly record struct Optional(bool Given, string? Value)
    {
        public static implicit operator Optional(string? value) => new(true, value);
    }
}
