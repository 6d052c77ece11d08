using System.Globalization;
using BlazorEs.Domain;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using Mediator;
using Microsoft.Data.Sqlite;
using BlazorEs.Tests.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.Support;

/// <summary>How much of the app a <see cref="TestHost"/> starts, and on which database.</summary>
public sealed record TestHostOptions
{
    /// <summary>
    /// SQLite (the default): a file in the test's own temp folder. PostgreSQL: a database of its own on the test run's
    /// one cluster (<see cref="SharedPostgres"/>), copied from a migrated template; the test is skipped, saying why,
    /// when PostgreSQL is not installed.
    /// </summary>
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// True (the default): the infrastructure exactly as the app registers it, started (migrated, projections caught
    /// up by their hosted runner). False: only the migrated file with the store's writer and reader on it, for tests
    /// of the store itself and for read-side tests that build their own catalogs.
    /// </summary>
    public bool Infrastructure { get; init; } = true;

    /// <summary>Configuration on top of the test's own (connection string, no seeding).</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    /// <summary>Changes to the registrations, made after <c>AddInfrastructure</c>.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Just the migrated file with its writer and reader.</summary>
    public static TestHostOptions BareStore { get; } = new() { Infrastructure = false };

    /// <summary>The infrastructure with replay snapshots every <paramref name="snapshotEvery"/> events, so short histories have several.</summary>
    public static TestHostOptions Replay(int snapshotEvery = 100) => new()
    {
        Settings = new Dictionary<string, string?> { ["Replay:SnapshotEvery"] = snapshotEvery.ToString(CultureInfo.InvariantCulture) },
    };

    /// <summary>
    /// Snapshots every <paramref name="snapshotEvery"/> events written only by the test's own <c>SnapshotBackfill</c>
    /// passes (at the multiples of the interval), the live writer off: tests of the snapshot chain's format and restore.
    /// </summary>
    public static TestHostOptions Backfill(int snapshotEvery = 100, double? fullAfterDeltas = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Replay:SnapshotEvery"] = snapshotEvery.ToString(CultureInfo.InvariantCulture),
            ["Replay:WriteSnapshots"] = "false",
        };
        if (fullAfterDeltas is { } share) settings["Replay:FullSnapshotAfterDeltas"] = share.ToString(CultureInfo.InvariantCulture);
        return new TestHostOptions { Settings = settings };
    }
}

/// <summary>
/// The one host of Infrastructure.Tests: a real SQLite file in a temp folder of the test's own (or a real PostgreSQL
/// database of its own, <see cref="TestHostOptions.Provider"/>), with either the bare
/// store on it or the whole infrastructure (<see cref="TestHostOptions"/>), demo seeding off. Commands and queries go
/// through the mediator in a scope of their own, as a request would. The read side's helpers (catalogs, histories
/// appended, tables read back) are extension methods beside it, in <see cref="TestHostReadSide"/>.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private const string FileName = "store.db";
    private readonly string _folder;
    private readonly IHost? _host;
    private readonly bool _ownsFolder;
    private const string PostgresTemplate = "blazores_store";

    private TestHost(string folder, IHost? host, StoreContextFactory factory, EventTypeMap types, EventStoreWriter writer, EventReader reader, bool ownsFolder)
    {
        _folder = folder;
        _postgres = factory.Provider == DatabaseProvider.PostgreSql ? factory.ConnectionString : null;
        _host = host;
        _ownsFolder = ownsFolder;
        Factory = factory;
        Types = types;
        Writer = writer;
        Reader = reader;
    }

    private readonly string? _postgres;

    /// <summary>The SQLite file (SQLite only).</summary>
    public string Path => System.IO.Path.Combine(_folder, FileName);

    public DatabaseProvider Provider => Factory.Provider;
    public StoreContextFactory Factory { get; }
    public EventTypeMap Types { get; }
    public EventStoreWriter Writer { get; }
    public EventReader Reader { get; }

    public IServiceProvider Services => _host?.Services
        ?? throw new InvalidOperationException("A bare store has no services: start the host with TestHostOptions.Infrastructure.");

    public ProjectionCatalog Projections => Services.GetRequiredService<ProjectionCatalog>();

    /// <summary>The migrated file with the store's writer and reader on it, and nothing else running.</summary>
    public static Task<TestHost> CreateStoreAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        StartAsync(TestHostOptions.BareStore with { Provider = provider });

    public static Task<TestHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        StartAsync(new TestHostOptions { Settings = settings, Services = services });

    public static async Task<TestHost> StartAsync(TestHostOptions options)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "blazores-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = System.IO.Path.Combine(folder, FileName);
        var connectionString = options.Provider == DatabaseProvider.PostgreSql ? await NewPostgresDatabaseAsync() : $"Data Source={file}";
        if (options.Infrastructure) return await StartInfrastructureAsync(folder, options, connectionString, ownsFolder: true);

        var factory = StoreContextFactory.Create(options.Provider, connectionString);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            await using var db = factory.CreateContext();
            await db.Database.MigrateAsync();
        }
        var types = new EventTypeMap();
        return new TestHost(folder, null, factory, types,
            new EventStoreWriter(factory, types, NullLogger<EventStoreWriter>.Instance), new EventReader(factory, types), ownsFolder: true);
    }

    /// <summary>A second instance of the app on this host's database file, as two app instances sharing one store.</summary>
    public Task<TestHost> StartAnotherInstanceAsync(TestHostOptions? options = null) =>
        StartInfrastructureAsync(_folder, (options ?? new TestHostOptions()) with { Provider = Provider }, _postgres ?? $"Data Source={Path}", ownsFolder: false);

    /// <summary>
    /// A database of its own on the run's cluster, copied from a template migrated once per run (so a test does not
    /// pay for the migrations); skips the test when PostgreSQL is not installed.
    /// </summary>
    private static Task<string> NewPostgresDatabaseAsync()
    {
        if (SharedPostgres.Missing is { } missing) Assert.Skip(missing);
        return SharedPostgres.CreateDatabaseAsync(PostgresTemplate, async connectionString =>
        {
            await using var db = StoreContextFactory.Create(DatabaseProvider.PostgreSql, connectionString).CreateContext();
            await db.Database.MigrateAsync();
        });
    }

    private static async Task<TestHost> StartInfrastructureAsync(string folder, TestHostOptions options, string connectionString, bool ownsFolder)
    {
        var builder = CreateBuilder(System.IO.Path.Combine(folder, FileName));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = options.Provider.ToString(),
            ["ConnectionStrings:EventStore"] = connectionString,
        });
        if (options.Settings is not null) builder.Configuration.AddInMemoryCollection(options.Settings);
        builder.AddInfrastructure();
        options.Services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        var services = host.Services;
        return new TestHost(folder, host, services.GetRequiredService<StoreContextFactory>(), services.GetRequiredService<EventTypeMap>(),
            services.GetRequiredService<EventStoreWriter>(), services.GetRequiredService<EventReader>(), ownsFolder);
    }

    /// <summary>The app's host builder on <paramref name="databasePath"/>, not built: for tests of the registration itself.</summary>
    public static HostApplicationBuilder CreateBuilder(string databasePath, bool seed = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = System.IO.Path.GetDirectoryName(databasePath),
            // Development validates scopes and the whole container on build: a captive dependency fails here.
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:EventStore"] = $"Data Source={databasePath}",
            ["Seed:Enabled"] = seed ? "true" : "false",
            // Fixed, so a host restarted on the same file verifies its own checkpoints, and Production needs no key file.
            ["Integrity:SigningKey"] = "dGVzdC1vbmx5IGludGVncml0eSBrZXkgMzIgYnl0ZXM=",
        });
        builder.Logging.ClearProviders();
        return builder;
    }

    public static EventMetadata Metadata(string? commandId = null, string user = "tester") =>
        new(user, "Test", commandId ?? Guid.NewGuid().ToString(), "corr-" + Guid.NewGuid().ToString("N")[..8], commandId ?? "cause");

    /// <summary>Sends a warehouse command through the mediator pipeline, as the API and the console do.</summary>
    public Task<CommitResult> SendAsync(IWarehouseCommand command, CommandOptions? options = null) =>
        SendAsync(m => m.Send(new ExecuteCommand(command, options)));

    /// <summary>Sends any mediator command with the user set on the scope, as a signed-in request would.</summary>
    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, string user = "tester")
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(CurrentUser.Principal(user, "admin"));
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    /// <summary>Runs <paramref name="send"/> against the mediator of a scope of its own, signed in as tester.</summary>
    public async Task<T> SendAsync<T>(Func<IMediator, ValueTask<T>> send)
    {
        await using var scope = Services.CreateAsyncScope();
        // As a signed-in request would be: an admin called tester, unless the command's options name another user.
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(CurrentUser.Principal("tester", "admin"));
        return await send(scope.ServiceProvider.GetRequiredService<IMediator>());
    }

    public Task<CommitResult> ExecuteAsync(IWarehouseCommand command, string user = "tester") => SendAsync(new ExecuteCommand(command), user);

    public async Task<TResponse> QueryAsync<TResponse>(IQuery<TResponse> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    public async Task<long> CountEventsAsync()
    {
        await using var db = Factory.CreateContext();
        return await db.Events.LongCountAsync();
    }

    /// <summary>A factory on this host's database with <paramref name="interceptors"/> on its connections (the writer and the reader keep clean ones).</summary>
    public StoreContextFactory FactoryWith(params IInterceptor[] interceptors) =>
        StoreContextFactory.Create(Provider, Factory.ConnectionString, Durability.Full, interceptors);

    /// <summary>Runs raw SQL on its own connection, as a tamperer or an operator with a SQL prompt would.</summary>
    public async Task<int> ExecuteRawAsync(string sql)
    {
        await using var connection = RawConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the app as a clean shutdown does, leaving the file (and the folder) to whoever disposes this host.</summary>
    public Task StopAsync() => (_host ?? throw new InvalidOperationException("A bare store has no host to stop.")).StopAsync();

    /// <summary>A connection of the provider's own to this host's database, outside EF and its pools' interceptors (not opened).</summary>
    public System.Data.Common.DbConnection RawConnection() => _postgres is null
        ? new SqliteConnection(Factory.ConnectionString)
        : new Npgsql.NpgsqlConnection(_postgres);

    public async ValueTask DisposeAsync()
    {
        if (_host is null) await Writer.DisposeAsync();
        else
        {
            await _host.StopAsync();
            if (_host is IAsyncDisposable disposable) await disposable.DisposeAsync();
            else _host.Dispose();
        }
        if (!_ownsFolder) return;
        if (_postgres is not null) await SharedPostgres.DropDatabaseAsync(_postgres);
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
