using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace BlazorEs.Infrastructure.Persistence;

/// <summary>
/// Creates a short-lived context per operation on the configured provider (never one that lives as long as a
/// circuit), and tells the provider-specific code which database it talks to. Contexts come from EF's pools: a
/// new context builds its own scope of EF's internal services, which cost more CPU than the short reads of the
/// command flow themselves; a pooled one is reset and reused (the contexts keep no state of their own).
/// </summary>
public sealed class StoreContextFactory
{
    private readonly Func<EventStoreDbContext> _create;
    private readonly Func<EventStoreDbContext> _createReadSide;

    private StoreContextFactory(DatabaseProvider provider, string connectionString, Func<EventStoreDbContext> create, Func<EventStoreDbContext> createReadSide, SqlitePragmas pragmas)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Pragmas = pragmas;
        _create = create;
        _createReadSide = createReadSide;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public SqlitePragmas Pragmas { get; }

    public EventStoreDbContext CreateContext() => _create();

    /// <summary>A context for the read side's writes: same database, commits without waiting for the disk (see <see cref="SqlitePragmas.ReadSide"/>).</summary>
    public EventStoreDbContext CreateReadSideContext() => _createReadSide();

    public static StoreContextFactory Create(DatabaseProvider provider, string connectionString, Durability durability = Durability.Full, params IInterceptor[] interceptors)
    {
        var pragmas = new SqlitePragmas(durability);
        if (provider == DatabaseProvider.SqlServer)
        {
            var options = new DbContextOptionsBuilder<SqlServerEventStoreDbContext>()
                .UseSqlServer(connectionString)
                .AddInterceptors(interceptors)
                .Options;
            var pool = new PooledDbContextFactory<SqlServerEventStoreDbContext>(options);
            return new StoreContextFactory(provider, connectionString, pool.CreateDbContext, pool.CreateDbContext, pragmas);
        }

        if (provider == DatabaseProvider.PostgreSql) return CreatePostgreSql(connectionString, durability, pragmas, interceptors);

        var sqlite = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        var sqliteOptions = new DbContextOptionsBuilder<SqliteEventStoreDbContext>()
            .UseSqlite(sqlite.ConnectionString)
            .AddInterceptors([pragmas, .. interceptors])
            .Options;
        var readSideOptions = new DbContextOptionsBuilder<SqliteEventStoreDbContext>()
            .UseSqlite(sqlite.ConnectionString)
            .AddInterceptors([SqlitePragmas.ReadSide, .. interceptors])
            .Options;
        var events = new PooledDbContextFactory<SqliteEventStoreDbContext>(sqliteOptions);
        var readSide = new PooledDbContextFactory<SqliteEventStoreDbContext>(readSideOptions);
        return new StoreContextFactory(provider, sqlite.ConnectionString, events.CreateDbContext, readSide.CreateDbContext, pragmas);
    }

    /// <summary>
    /// Two pools on one database. On the events' connections statements are prepared automatically once used a few
    /// times (the writer's few statements, run thousands of times). Not on the read side's: with auto-prepare there,
    /// catch-up commits went missing after the fifth batch (Npgsql's AutoPrepareMinUsages) while the round reported
    /// success — cause not found; CatchUpTestsOnPostgreSql fails when it is turned on. The read side's connections commit with
    /// synchronous_commit=off, the same trade as SQLite's read side (<see cref="SqlitePragmas.ReadSide"/>): rows and
    /// checkpoint go together, so a power loss can only roll back the last projection commits, which catch-up
    /// re-applies; the events keep the configured durability.
    /// </summary>
    private static StoreContextFactory CreatePostgreSql(string connectionString, Durability durability, SqlitePragmas pragmas, IInterceptor[] interceptors)
    {
        var events = PostgreSqlConnection(connectionString, durability, autoPrepare: true);
        var readSide = PostgreSqlConnection(connectionString, Durability.RiskLastCommitsOnPowerLoss, autoPrepare: false);
        var eventPool = new PooledDbContextFactory<PostgreSqlEventStoreDbContext>(new DbContextOptionsBuilder<PostgreSqlEventStoreDbContext>()
            .UseNpgsql(events).AddInterceptors(interceptors).Options);
        var readSidePool = new PooledDbContextFactory<PostgreSqlEventStoreDbContext>(new DbContextOptionsBuilder<PostgreSqlEventStoreDbContext>()
            .UseNpgsql(readSide).AddInterceptors(interceptors).Options);
        return new StoreContextFactory(DatabaseProvider.PostgreSql, connectionString, eventPool.CreateDbContext, readSidePool.CreateDbContext, pragmas);
    }

    private static string PostgreSqlConnection(string connectionString, Durability durability, bool autoPrepare)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!autoPrepare) builder.MaxAutoPrepare = 0;
        else if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 64;
        if (durability == Durability.RiskLastCommitsOnPowerLoss)
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c synchronous_commit=off" : builder.Options + " -c synchronous_commit=off";
        return builder.ConnectionString;
    }

    public static StoreContextFactory ForSqliteFile(string path, Durability durability = Durability.Full, params IInterceptor[] interceptors) =>
        Create(DatabaseProvider.Sqlite, $"Data Source={path}", durability, interceptors);
}
