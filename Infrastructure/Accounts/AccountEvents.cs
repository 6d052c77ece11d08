namespace BlazorEs.Infrastructure.Accounts;

/// <summary>Events of the accounts audit stream: every change to an account, who made it (the event's user) and from what to what.</summary>
public sealed record UserCreated(string UserName, string Role);

public sealed record UserRoleChanged(string UserName, string From, string To);

public sealed record UserLocked(string UserName, DateTimeOffset Until, string Reason);

public sealed record UserUnlocked(string UserName);

public sealed record UserPasswordReset(string UserName);

public static class AccountStreams
{
    public const string Audit = "accounts-audit";

    /// <summary>Who account changes made at start-up (demo accounts, the bootstrap admin) are recorded as; never a user name one can sign in with.</summary>
    public const string System = "system";
}
