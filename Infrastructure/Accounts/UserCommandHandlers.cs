using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.Commands;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Accounts;

/// <summary>
/// User management with Identity's own UserManager (its password rules, lockout and security stamp), each change
/// recorded in the accounts audit stream with the acting admin as the event's user. The change and its staged event
/// commit in one accounts transaction (<see cref="AccountAudit"/>): a refusal half-way (a role that cannot be added
/// after the user was created) rolls back both, and a crash before the event reaches the store leaves the staged row,
/// appended at the next start. An account change also renews the security stamp, so the user's sessions re-check.
/// </summary>
public sealed class UserCommandHandlers(UserManager<IdentityUser> users, AccountsDbContext db, AccountAudit audit, ICurrentUser current, TimeProvider time,
    ILogger<UserCommandHandlers> logger)
    : IQueryHandler<GetUsers, IReadOnlyList<UserAccount>>,
      ICommandHandler<CreateUser, UserAccount>,
      ICommandHandler<ChangeUserRole, UserAccount>,
      ICommandHandler<LockUser, UserAccount>,
      ICommandHandler<UnlockUser, UserAccount>,
      ICommandHandler<ResetUserPassword, UserAccount>
{
    /// <summary>The users screen lists every account; past this many an admin needs a search, not a longer list.</summary>
    public const int MaxListed = 1000;

    public async ValueTask<IReadOnlyList<UserAccount>> Handle(GetUsers query, CancellationToken cancellationToken)
    {
        var rows = await (
                from u in db.Users.AsNoTracking()
                join ur in db.UserRoles on u.Id equals ur.UserId into links
                from ur in links.DefaultIfEmpty()
                join r in db.Roles on ur.RoleId equals r.Id into named
                from r in named.DefaultIfEmpty()
                orderby u.UserName
                select new { u.UserName, Role = r == null ? null : r.Name, u.LockoutEnd, u.AccessFailedCount })
            .Take(MaxListed * ConsoleRoles.All.Count)
            .ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.UserName!)
            .Take(MaxListed)
            .Select(g => Describe(g.Key, StrongestRole(g.Select(r => r.Role)), g.First().LockoutEnd, g.First().AccessFailedCount))];
    }

    public ValueTask<UserAccount> Handle(CreateUser command, CancellationToken cancellationToken) => ChangeAsync(nameof(CreateUser), async () =>
    {
        if (await users.FindByNameAsync(command.UserName) is not null)
            throw DomainException.Conflict($"The user {command.UserName} exists already.");
        var user = new IdentityUser(command.UserName);
        Check(await users.CreateAsync(user, command.Password));
        Check(await users.AddToRoleAsync(user, command.Role));
        return (user, new UserCreated(command.UserName, command.Role));
    }, cancellationToken);

    public ValueTask<UserAccount> Handle(ChangeUserRole command, CancellationToken cancellationToken) => ChangeAsync(nameof(ChangeUserRole), async () =>
    {
        var user = await FindAsync(command.UserName);
        var from = await RoleOfAsync(user);
        if (from == command.Role) return (user, null);
        if (from == ConsoleRoles.Admin) await RefuseLastAdminAsync(user, "take the admin role from");
        if (from is not null) Check(await users.RemoveFromRoleAsync(user, from));
        Check(await users.AddToRoleAsync(user, command.Role));
        Check(await users.UpdateSecurityStampAsync(user));
        return (user, new UserRoleChanged(command.UserName, from ?? "none", command.Role));
    }, cancellationToken);

    public ValueTask<UserAccount> Handle(LockUser command, CancellationToken cancellationToken) => ChangeAsync(nameof(LockUser), async () =>
    {
        var user = await FindAsync(command.UserName);
        if (string.Equals(user.UserName, Who, StringComparison.OrdinalIgnoreCase))
            throw DomainException.Rule("You cannot lock your own account; ask another admin.");
        if (await RoleOfAsync(user) == ConsoleRoles.Admin) await RefuseLastAdminAsync(user, "lock");
        Check(await users.SetLockoutEnabledAsync(user, true));
        Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
        Check(await users.UpdateSecurityStampAsync(user));
        return (user, new UserLocked(command.UserName, DateTimeOffset.MaxValue, command.Reason.Trim()));
    }, cancellationToken);

    public ValueTask<UserAccount> Handle(UnlockUser command, CancellationToken cancellationToken) => ChangeAsync(nameof(UnlockUser), async () =>
    {
        var user = await FindAsync(command.UserName);
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        return (user, new UserUnlocked(command.UserName));
    }, cancellationToken);

    public ValueTask<UserAccount> Handle(ResetUserPassword command, CancellationToken cancellationToken) => ChangeAsync(nameof(ResetUserPassword), async () =>
    {
        var user = await FindAsync(command.UserName);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, command.Password)); // the password rules, and a new security stamp
        return (user, new UserPasswordReset(command.UserName));
    }, cancellationToken);

    /// <summary>
    /// Makes one account change and stages its event in one accounts transaction (both or neither: a refusal half-way
    /// rolls back what UserManager already saved), then appends the event (see <see cref="AccountAudit"/>). A change
    /// that changes nothing (the role it has already) records nothing.
    /// </summary>
    private async ValueTask<UserAccount> ChangeAsync(string commandName, Func<Task<(IdentityUser User, object? Event)>> change, CancellationToken ct)
    {
        var who = Who;
        PendingAccountEvent? staged = null;
        IdentityUser user;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            (user, var @event) = await change();
            if (@event is not null) staged = await audit.StageAsync(db, who, commandName, @event, ct);
            await transaction.CommitAsync(ct);
        }
        if (staged is not null) await PublishAsync();
        return await DescribeAsync(user);
    }

    /// <summary>
    /// The change is committed: its event (and any a crash held back) goes to the store even if the caller has gone.
    /// Should the store refuse now, the change stands and its staged event is appended by the next change or start.
    /// </summary>
    private async Task PublishAsync()
    {
        try
        {
            await audit.PublishPendingAsync(db, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "An account change is committed but its audit event is not yet in the store; it is appended at the next change or start");
        }
    }

    private string Who => current.Name ?? throw new NotSignedInException();

    private async Task<IdentityUser> FindAsync(string userName) =>
        await users.FindByNameAsync(userName) ?? throw DomainException.NotFound($"There is no user {userName}.");

    private async Task<string?> RoleOfAsync(IdentityUser user) => StrongestRole(await users.GetRolesAsync(user));

    /// <summary>The console must keep an admin who can sign in: the last one cannot be demoted or locked.</summary>
    private async Task RefuseLastAdminAsync(IdentityUser user, string what)
    {
        var now = time.GetUtcNow();
        var others = (await users.GetUsersInRoleAsync(ConsoleRoles.Admin)).Count(a => a.Id != user.Id && !(a.LockoutEnd > now));
        if (others == 0) throw DomainException.Rule($"{user.UserName} is the last admin who can sign in: you cannot {what} them. Make another admin first.");
    }

    private async Task<UserAccount> DescribeAsync(IdentityUser user) =>
        Describe(user.UserName!, await RoleOfAsync(user), user.LockoutEnd, user.AccessFailedCount);

    private UserAccount Describe(string userName, string? role, DateTimeOffset? lockoutEnd, int failed)
    {
        var locked = lockoutEnd > time.GetUtcNow();
        return new UserAccount(userName, role ?? "none", locked, locked && lockoutEnd != DateTimeOffset.MaxValue ? lockoutEnd : null, failed);
    }

    /// <summary>An account has one console role; should it have several, the strongest counts (as for the principal).</summary>
    private static string? StrongestRole(IEnumerable<string?> roles) => ConsoleRoles.All.LastOrDefault(roles.Contains);

    /// <summary>What Identity refused, said per field (the password rules, a taken or unsafe name).</summary>
    private static void Check(IdentityResult result)
    {
        if (result.Succeeded) return;
        var errors = result.Errors.ToList();
        if (errors.Any(e => e.Code is "DuplicateUserName")) throw DomainException.Conflict(string.Join(" ", errors.Select(e => e.Description)));
        var fields = errors.GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : e.Code.Contains("UserName", StringComparison.Ordinal) ? "userName" : "account")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        throw new DomainException(DomainErrorKind.Validation, string.Join(" ", errors.Select(e => e.Description)), fields);
    }
}
