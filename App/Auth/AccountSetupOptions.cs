using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.Settings;

namespace BlazorEs.App.Auth;

/// <summary>The accounts made at start: demo accounts (Development with the demo seed) and the bootstrap admin (Auth:BootstrapAdmin:*).</summary>
internal sealed record AccountSetupOptions(bool DemoAccounts, string? BootstrapUserName, string? BootstrapPassword)
{
    /// <summary>Shown on the sign-in page in Development; one account per role.</summary>
    public const string DemoPassword = "Demo-password-1";

    public static IReadOnlyList<(string UserName, string Role)> Demo { get; } =
        [.. ConsoleRoles.All.Select(role => (role, role))];

    public static AccountSetupOptions Read(IConfiguration configuration, IHostEnvironment environment)
    {
        var demo = environment.IsDevelopment() && configuration.GetValue("Seed:Enabled", defaultValue: true)
            && configuration.GetValue("Auth:DemoAccounts", defaultValue: true);
        var section = configuration.GetSection("Auth:BootstrapAdmin");
        var userName = section["UserName"] is { Length: > 0 } u ? u : null;
        var password = section["Password"] is { Length: > 0 } p ? p : null;
        if (userName is not null && !UserNames.IsSafe(userName))
            throw new InvalidSettingException($"Auth:BootstrapAdmin:UserName '{userName}' is not a valid user name. {UserNames.Rule}");
        if ((userName is null) != (password is null))
            throw new InvalidSettingException("Auth:BootstrapAdmin needs both UserName and Password (or neither).");
        return new AccountSetupOptions(demo, userName, password);
    }
}
