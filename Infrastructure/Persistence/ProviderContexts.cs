using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Persistence;

/// <summary>The model on SQLite (embedded default); owns Migrations/Sqlite.</summary>
public sealed class SqliteEventStoreDbContext(DbContextOptions<SqliteEventStoreDbContext> options) : EventStoreDbContext(options);

/// <summary>The model on SQL Server (production); owns Migrations/SqlServer.</summary>
public sealed class SqlServerEventStoreDbContext(DbContextOptions<SqlServerEventStoreDbContext> options) : EventStoreDbContext(options);
