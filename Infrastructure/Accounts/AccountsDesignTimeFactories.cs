using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BlazorEs.Infrastructure.Accounts;

/// <summary>Lets dotnet-ef build each provider's accounts model without starting the app.</summary>
public sealed class SqliteAccountsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAccountsDbContext>
{
    public SqliteAccountsDbContext CreateDbContext(string[] args) =>
        new(AccountsStore.Options<SqliteAccountsDbContext>(Persistence.DatabaseProvider.Sqlite, "Data Source=design-time.db"));
}

public sealed class PostgreSqlAccountsDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAccountsDbContext>
{
    public PostgreSqlAccountsDbContext CreateDbContext(string[] args) =>
        new(AccountsStore.Options<PostgreSqlAccountsDbContext>(Persistence.DatabaseProvider.PostgreSql, "Host=localhost;Database=blazores;Username=postgres"));
}

public sealed class SqlServerAccountsDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAccountsDbContext>
{
    public SqlServerAccountsDbContext CreateDbContext(string[] args) =>
        new(AccountsStore.Options<SqlServerAccountsDbContext>(Persistence.DatabaseProvider.SqlServer,
            "Server=localhost;Database=BlazorEs;Trusted_Connection=True;TrustServerCertificate=True"));
}
