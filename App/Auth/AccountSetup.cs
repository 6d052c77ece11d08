using BlazorEs.Infrastructure.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.App.Auth;

/// <summary>
/// At start, after the accounts are migrated: the four roles exist; in Development with the demo seed one demo account
/// per role; elsewhere the bootstrap admin from configuration when that user does not exist. A bootstrap password that
/// breaks the password rules stops start-up with the rules it breaks. Accounts made here are configuration, not a
/// person's change: they are logged, not recorded in the accounts audit stream (whose first event would otherwise
/// make the demo seed think the store is not empty).
/// </summary>
internal sealed class AccountSetup(IServiceScopeFactory scopes, AccountSetupOptions options, ILogger<AccountSetup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in ConsoleRoles.All)
        {
            if (await roles.RoleExistsAsync(role)) continue;
            try
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"creating the role {role}");
            }
            catch (DbUpdateException)
            {
                // Another instance starting on the same database may have created it first.
                if (!await roles.RoleExistsAsync(role)) throw;
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (options.DemoAccounts)
        {
            foreach (var (name, role) in AccountSetupOptions.Demo)
                if (await CreateAsync(users, name, AccountSetupOptions.DemoPassword, role) is null)
                    logger.LogInformation("Demo account {User} ({Role}) created", name, role);
        }
        if (options.BootstrapUserName is { } admin && await users.FindByNameAsync(admin) is null)
        {
            if (await CreateAsync(users, admin, options.BootstrapPassword!, ConsoleRoles.Admin) is { } error)
                throw new InvalidOperationException($"Auth:BootstrapAdmin: the admin '{admin}' cannot be created: {error}");
            logger.LogInformation("Bootstrap admin {User} created from Auth:BootstrapAdmin", admin);
        }
        else if (!options.DemoAccounts && !users.Users.Any())
            logger.LogWarning("No accounts exist: set Auth:BootstrapAdmin:UserName and Auth:BootstrapAdmin:Password to create the first admin.");
    }

    /// <summary>Creates the user with one role; null when done or when the user exists, else what Identity refused.</summary>
    public static async Task<string?> CreateAsync(UserManager<IdentityUser> users, string name, string password, string role)
    {
        if (await users.FindByNameAsync(name) is not null) return null;
        var user = new IdentityUser(name);
        foreach (var validator in users.PasswordValidators)
            if (await validator.ValidateAsync(users, user, password) is { Succeeded: false } refused) return Describe(refused);
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, password);
        }
        catch (DbUpdateException)
        {
            // Another instance starting on the same database may have created it first.
            if (await users.FindByNameAsync(name) is null) throw;
            return null;
        }
        if (!created.Succeeded) return await users.FindByNameAsync(name) is not null ? null : Describe(created);
        var added = await users.AddToRoleAsync(user, role);
        return added.Succeeded ? null : Describe(added);
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded) throw new InvalidOperationException($"Accounts: {what} failed: {Describe(result)}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
