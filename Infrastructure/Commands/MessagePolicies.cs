using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.Compensation;
using BlazorEs.Infrastructure.Operations;
using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Infrastructure.Commands;

/// <summary>
/// Which policy each changing message needs; queries need none here (the screens and endpoints that ask them do),
/// except the list of accounts, which only admins see.
/// </summary>
public static class MessagePolicies
{
    public static string? For(object message) => message switch
    {
        ExecuteCommand or RetryProjection or SkipProjectionEvent => ConsoleRoles.Operate,
        RebuildProjection or RebuildAllProjections or CompensateCommand => ConsoleRoles.Administer,
        StartVerification => ConsoleRoles.Audit,
        GetUsers or CreateUser or ChangeUserRole or LockUser or UnlockUser or ResetUserPassword => ConsoleRoles.Administer,
        _ => null,
    };
}

/// <summary>The signed-in user's role does not allow the message.</summary>
public sealed class NotPermittedException(string user, string? role, string policy)
    : Exception($"{user} ({role ?? "no role"}) may not do this: it needs the {ConsoleRoles.Policies[policy].Needs} role.");
