using BlazorEs.Domain;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Tests.Support;

/// <summary>
/// The infrastructure wired exactly as the app wires it (<c>AddInfrastructure</c>), on a real SQLite file in a
/// temp folder, started: migrated, projections caught up by their hosted runner. Commands and queries go through
/// the mediator in a scope of their own, as a request would, with the user set on it.
/// </summary>
internal sealed class ReadSideHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _folder;

    private ReadSideHost(IHost host, string folder)
    {
        _host = host;
        _folder = folder;
    }

    public IServiceProvider Services => _host.Services;

    public ProjectionCatalog Projections => Services.GetRequiredService<ProjectionCatalog>();

    public EventReader Reader => Services.GetRequiredService<EventReader>();

    /// <param name="settings">Configuration on top of the test's own (connection string, no seeding).</param>
    /// <param name="services">Changes to the registrations, made after <c>AddInfrastructure</c>.</param>
    public static async Task<ReadSideHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "blazores-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = folder,
            // Development validates scopes and the whole container on build: a captive dependency fails here.
            EnvironmentName = Environments.Development,
        });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:EventStore"] = $"Data Source={Path.Combine(folder, "store.db")}",
            ["Seed:Enabled"] = "false",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddInfrastructure();
        services?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync();
        return new ReadSideHost(host, folder);
    }

    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, string user = "tester")
    {
        await using var scope = Services.CreateAsyncScope();
        Assert.Null(scope.ServiceProvider.GetRequiredService<CurrentUser>().TrySet(user));
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    public Task<CommitResult> ExecuteAsync(IWarehouseCommand command, string user = "tester") => SendAsync(new ExecuteCommand(command), user);

    public async Task<TResponse> QueryAsync<TResponse>(IQuery<TResponse> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else _host.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
