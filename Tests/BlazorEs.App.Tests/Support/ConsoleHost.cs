using BlazorEs.App.Live;
using BlazorEs.Domain;
using BlazorEs.Infrastructure;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.App.Tests.Support;

/// <summary>
/// The real infrastructure (event store, command pipeline, projections) on a migrated SQLite file in a temp folder,
/// started as the app starts it. Data goes in through real commands.
/// </summary>
public sealed class ConsoleHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _folder;
    private readonly AsyncServiceScope _scope;

    private ConsoleHost(IHost host, string folder)
    {
        _host = host;
        _folder = folder;
        _scope = host.Services.CreateAsyncScope();
    }

    /// <summary>A scope of the host, as a circuit would have: bUnit falls back to it for everything it does not register.</summary>
    public IServiceProvider Services => _scope.ServiceProvider;

    public string DatabasePath => Path.Combine(_folder, "store.db");

    /// <param name="configure">Changes to the app's registrations (e.g. a catalog without projections).</param>
    public static async Task<ConsoleHost> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "blazores-app-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ContentRootPath = folder });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:EventStore"] = $"Data Source={Path.Combine(folder, "store.db")}",
            ["Seed:Enabled"] = "false",
            // A failing event parks after one quick retry, so a test can show a parked projection without waiting for backoff.
            ["Projections:MaxAttempts"] = "2",
            ["Projections:RetryDelay"] = "00:00:00.010",
            ["Projections:PollInterval"] = "00:00:00.200",
        });
        builder.AddInfrastructure();
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new ConsoleHost(host, folder);
    }

    /// <summary>Sends a warehouse command through the mediator and waits until every projection shows it.</summary>
    public async Task<CommitResult> SendAsync(IWarehouseCommand command, string user = "alice", string? correlationId = null, DateTime? recordedAt = null)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var result = await mediator.Send(new ExecuteCommand(command, new CommandOptions(User: user, CorrelationId: correlationId, RecordedAt: recordedAt)));
        await _host.Services.GetRequiredService<ReadYourWrites>().WaitAsync(result.LastPosition, null, TimeSpan.FromSeconds(10), CancellationToken.None);
        return result;
    }

    /// <summary>Appends events straight to the store, past the domain's rules (how a poison event gets in).</summary>
    public Task<CommitResult> AppendAsync(string streamId, params object[] events) =>
        _host.Services.GetRequiredService<EventStoreWriter>().AppendAsync(new AppendRequest(
            [new StreamAppend(streamId, ExpectedVersion.Any, events)],
            new EventMetadata("mallory", "Import", Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "import")));

    /// <summary>Events after <paramref name="position"/> as the live channel would carry them.</summary>
    public async Task<RecordedEvent[]> SummariesAfterAsync(long position)
    {
        var events = await _host.Services.GetRequiredService<EventReader>().ReadAllAsync(position, 1000);
        return events.Select(RecordedEvent.From).ToArray();
    }

    public ProjectionCatalog Projections => _host.Services.GetRequiredService<ProjectionCatalog>();

    /// <summary>Takes the events table away, so every read of history fails as a broken database would.</summary>
    public async Task BreakEventsTableAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DROP TABLE Events";
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
