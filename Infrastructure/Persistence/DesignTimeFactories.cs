using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BlazorEs.Infrastructure.Persistence;

/// <summary>Lets dotnet-ef build each provider's model without starting the app.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteEventStoreDbContext>
{
    public SqliteEventStoreDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteEventStoreDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerEventStoreDbContext>
{
    public SqlServerEventStoreDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerEventStoreDbContext>().UseSqlServer("Server=localhost;Database=BlazorEs;Trusted_Connection=True;TrustServerCertificate=True").Options);
}

public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlEventStoreDbContext>
{
    public PostgreSqlEventStoreDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlEventStoreDbContext>().UseNpgsql("Host=localhost;Database=blazores;Username=postgres").Options);
}
