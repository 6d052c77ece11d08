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

/// <summary>
/// The model on PostgreSQL (the server database tested for real); owns Migrations/PostgreSql. Every table, column,
/// key and index is named in lower case: PostgreSQL folds unquoted identifiers to lower case, so the store's plain
/// SQL (<c>SELECT Position FROM Events</c>, written once for every provider) names the same columns here as on
/// SQLite and SQL Server, and EF's quoted names match it. New tables get the same treatment from the loop below.
/// </summary>
public sealed class PostgreSqlEventStoreDbContext(DbContextOptions<PostgreSqlEventStoreDbContext> options) : EventStoreDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table) entity.SetTableName(table.ToLowerInvariant());
            foreach (var property in entity.GetProperties()) property.SetColumnName(property.GetColumnName().ToLowerInvariant());
            foreach (var key in entity.GetKeys()) key.SetName(key.GetName()!.ToLowerInvariant());
            foreach (var index in entity.GetIndexes()) index.SetDatabaseName(index.GetDatabaseName()!.ToLowerInvariant());
            foreach (var foreignKey in entity.GetForeignKeys()) foreignKey.SetConstraintName(foreignKey.GetConstraintName()!.ToLowerInvariant());
        }
    }
}
