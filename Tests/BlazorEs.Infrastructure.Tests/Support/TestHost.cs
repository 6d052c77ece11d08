using BlazorEs.Domain;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
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
/// real SQLite file in a temp folder, started (so the migrator has run), with demo seeding off.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly string _folder;
    private readonly IHost _host;

    private TestHost(string folder, IHost host)
    {
        _folder = folder;
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public static HostApplicationBuilder CreateBuilder(string databasePath, bool seed = false)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:EventStore"] = $"Data Source={databasePath}",
            ["Seed:Enabled"] = seed ? "true" : "false",
        });
        builder.Logging.ClearProviders();
        return builder;
    }

    public static async Task<TestHost> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "blazores-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = CreateBuilder(Path.Combine(folder, "store.db"));
        builder.AddInfrastructure();
        var host = builder.Build();
        await host.StartAsync();
        return new TestHost(folder, host);
    }

    /// <summary>Sends a command through the mediator pipeline from a scope of its own, as the API and the console do.</summary>
    public async Task<CommitResult> SendAsync(IWarehouseCommand command, CommandOptions? options = null)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExecuteCommand(command, options));
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
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
