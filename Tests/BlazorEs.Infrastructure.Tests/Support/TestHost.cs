using BlazorEs.Domain;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Tests.Support;

/// <summary>
/// The infrastructure exactly as the app registers it (<see cref="InfrastructureRegistration.AddInfrastructure"/>), on a
/// real SQLite file in a temp folder, started (migrated, projections caught up by their hosted runner), with demo
/// seeding off. Commands and queries go through the mediator in a scope of their own, as a request would.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly string _folder;
    private readonly IHost _host;
    private readonly bool _ownsFolder;

    private TestHost(string folder, IHost host, bool ownsFolder = true)
    {
        _folder = folder;
        _host = host;
        _ownsFolder = ownsFolder;
    }

    public IServiceProvider Services => _host.Services;

    public ProjectionCatalog Projections => Services.GetRequiredService<ProjectionCatalog>();

    public EventReader Reader => Services.GetRequiredService<EventReader>();

    public static HostApplicationBuilder CreateBuilder(string databasePath, bool seed = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Path.GetDirectoryName(databasePath),
            // Development validates scopes and the whole container on build: a captive dependency fails here.
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:EventStore"] = $"Data Source={databasePath}",
            ["Seed:Enabled"] = seed ? "true" : "false",
        });
        builder.Logging.ClearProviders();
        return builder;
    }

    /// <param name="settings">Configuration on top of the test's own (connection string, no seeding).</param>
    /// <param name="services">Changes to the registrations, made after <c>AddInfrastructure</c>.</param>
    public static async Task<TestHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "blazores-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = CreateBuilder(Path.Combine(folder, "store.db"));
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddInfrastructure();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestHost(folder, host);
    }

    /// <summary>A second instance of the app on this host's database file, as two app instances sharing one store.</summary>
    public async Task<TestHost> StartAnotherInstanceAsync()
    {
        var builder = CreateBuilder(Path.Combine(_folder, "store.db"));
        builder.AddInfrastructure();
        var host = builder.Build();
        await host.StartAsync();
        return new TestHost(_folder, host, ownsFolder: false);
    }

    /// <summary>Sends a warehouse command through the mediator pipeline, as the API and the console do.</summary>
    public Task<CommitResult> SendAsync(IWarehouseCommand command, CommandOptions? options = null) =>
        SendAsync(m => m.Send(new ExecuteCommand(command, options)));

    /// <summary>Sends any mediator command with the user set on the scope, as a signed-in request would.</summary>
    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, string user = "tester")
    {
        await using var scope = Services.CreateAsyncScope();
        Assert.Null(scope.ServiceProvider.GetRequiredService<CurrentUser>().TrySet(user));
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    /// <summary>Runs <paramref name="send"/> against the mediator of a scope of its own.</summary>
    public async Task<T> SendAsync<T>(Func<IMediator, ValueTask<T>> send)
    {
        await using var scope = Services.CreateAsyncScope();
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
        await using var db = Services.GetRequiredService<StoreContextFactory>().CreateContext();
        return await db.Events.LongCountAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else _host.Dispose();
        if (!_ownsFolder) return;
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
