using BlazorEs.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The provider switches name every provider and nothing else: a new named provider (CS8509) fails the build until its
// accounts migrations exist; a value outside the enum cannot come out of DatabaseSettings.
#pragma warning disable CS8524

namespace BlazorEs.Infrastructure.Accounts;

/// <summary>Registers Identity (its EF Core context on the configured provider, migrated at start) and its account rules.</summary>
public static class AccountsStore
{
    internal static DbContextOptions<T> Options<T>(DatabaseProvider provider, string connectionString) where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        Configure(builder, provider, connectionString);
        return builder.Options;
    }

    private static void Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString)
    {
        // Exhaustive on purpose: a new provider does not build until its accounts migrations exist too.
        _ = provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connectionString, o => o.MigrationsHistoryTable(AccountsDbContext.MigrationsHistoryTable)),
            DatabaseProvider.SqlServer => builder.UseSqlServer(connectionString, o => o.MigrationsHistoryTable(AccountsDbContext.MigrationsHistoryTable)),
            DatabaseProvider.PostgreSql => builder.UseNpgsql(connectionString, o => o.MigrationsHistoryTable(AccountsDbContext.MigrationsHistoryTable)),
        };
    }

    internal static void AddAccountsStore(this IServiceCollection services, DatabaseSettings settings)
    {
        _ = settings.Provider switch
        {
            DatabaseProvider.Sqlite => services.AddDbContext<AccountsDbContext, SqliteAccountsDbContext>(o => Configure(o, settings.Provider, settings.ConnectionString)),
            DatabaseProvider.SqlServer => services.AddDbContext<AccountsDbContext, SqlServerAccountsDbContext>(o => Configure(o, settings.Provider, settings.ConnectionString)),
            DatabaseProvider.PostgreSql => services.AddDbContext<AccountsDbContext, PostgreSqlAccountsDbContext>(o => Configure(o, settings.Provider, settings.ConnectionString)),
        };
        services.AddHostedService<AccountsMigrator>();
        // Identity's accounts and roles with their rules: user names in the safe set, passwords of 12+ characters
        // with Identity's other default rules, five failed sign-ins lock an account for 15 minutes.
        services.AddDataProtection(); // the password-reset tokens; the App says where the keys live
        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.AllowedUserNameCharacters = UserNames.AllowedCharacters;
                o.Password.RequiredLength = 12;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddDefaultTokenProviders();
    }
}

/// <summary>
/// Applies the accounts' pending migrations and appends account audit events a crash held back; registered after the
/// event store's migrator, so it runs after it.
/// </summary>
internal sealed class AccountsMigrator(IServiceScopeFactory scopes, ILogger<AccountsMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} accounts migrations: {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
        // An account change committed just before a crash: its audit event goes to the store now (once, by command id).
        var published = await scope.ServiceProvider.GetRequiredService<AccountAudit>().PublishPendingAsync(db, cancellationToken);
        if (published > 0) logger.LogWarning("Appended {Count} account audit events a crash had held back", published);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
