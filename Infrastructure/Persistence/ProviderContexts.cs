using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Persistence;

/// <summary>The model on SQLite (embedded default); owns Migrations/Sqlite.</summary>
public sealed class SqliteEventStoreDbContext(DbContextOptions<SqliteEventStoreDbContext> options) : EventStoreDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite keeps decimals as text, which cannot be sorted or compared in SQL; read tables need both (grids
        // sort by price and total). Events keep their exact JSON; only read-table copies are stored as REAL.
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }
}

/// <summary>The model on SQL Server (production); owns Migrations/SqlServer.</summary>
public sealed class SqlServerEventStoreDbContext(DbContextOptions<SqlServerEventStoreDbContext> options) : EventStoreDbContext(options);
