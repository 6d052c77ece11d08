using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Accounts;

/// <summary>
/// ASP.NET Core Identity's own model (users, roles, their links), in the application's database but under a model,
/// migrations folder and migrations-history table of its own: the event store's model is changed by several people
/// at once, and accounts have nothing to do with its snapshot. Each provider has a subclass for its own migrations.
/// </summary>
public abstract class AccountsDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser, IdentityRole, string>(options)
{
    /// <summary>Where EF records which account migrations ran; the event store keeps EF's default table.</summary>
    public const string MigrationsHistoryTable = "__AccountsMigrationsHistory";

    /// <summary>Account changes' audit events not yet in the event store (see <see cref="AccountAudit"/>).</summary>
    public DbSet<PendingAccountEvent> PendingAuditEvents => Set<PendingAccountEvent>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<PendingAccountEvent>(e =>
        {
            e.ToTable("AccountAuditOutbox");
            e.HasKey(p => p.CommandId);
            e.Property(p => p.CommandId).HasMaxLength(64);
            e.Property(p => p.Type).HasMaxLength(100);
            e.Property(p => p.UserId).HasMaxLength(256);
            e.Property(p => p.CommandName).HasMaxLength(100);
            e.Property(p => p.CorrelationId).HasMaxLength(64);
        });
    }
}

/// <summary>The accounts on SQLite; owns Accounts/Migrations/Sqlite.</summary>
public sealed class SqliteAccountsDbContext(DbContextOptions<SqliteAccountsDbContext> options) : AccountsDbContext(options);

/// <summary>The accounts on SQL Server; owns Accounts/Migrations/SqlServer.</summary>
public sealed class SqlServerAccountsDbContext(DbContextOptions<SqlServerAccountsDbContext> options) : AccountsDbContext(options);

/// <summary>The accounts on PostgreSQL; owns Accounts/Migrations/PostgreSql (Identity's own table names, quoted).</summary>
public sealed class PostgreSqlAccountsDbContext(DbContextOptions<PostgreSqlAccountsDbContext> options) : AccountsDbContext(options);
