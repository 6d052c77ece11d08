using BlazorEs.App.Components.Shared;
using BlazorEs.App.Live;
using BlazorEs.Domain;
using BlazorEs.Infrastructure;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using Bunit;
using Mediator;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MudBlazor;
using MudBlazor.Services;

namespace BlazorEs.App.Tests.Support;

/// <summary>
/// bUnit over the real infrastructure: the app's own registration on a temp SQLite file, migrated and with its
/// projections running, plus MudBlazor and a <see cref="TestLiveFeed"/>. Seed data goes through real commands.
/// </summary>
public sealed class ConsoleContext : IAsyncDisposable
{
    private readonly string _folder;
    private readonly List<IHostedService> _started = [];
    private readonly MediatorGates _gates = new();

    private ConsoleContext(string folder, BunitContext bunit)
    {
        _folder = folder;
        Bunit = bunit;
    }

    public BunitContext Bunit { get; }

    public TestLiveFeed Feed { get; } = new();

    /// <summary>Closed, it holds every query the screens ask.</summary>
    public Gate Queries => _gates.Queries;

    /// <summary>Closed, it holds every command (seed commands too: close it after seeding).</summary>
    public Gate Commands => _gates.Commands;

    public IServiceProvider Services => Bunit.Services;

    /// <param name="migrated">False leaves the database without tables: every query fails, as with a broken read side.</param>
    public static async Task<ConsoleContext> StartAsync(bool migrated = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), "blazores-app-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:EventStore"] = $"Data Source={Path.Combine(folder, "store.db")}",
            ["Seed:Enabled"] = "false",
        });
        builder.AddInfrastructure();

        var bunit = new BunitContext();
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        // Debounced inputs, live batches and a cold JIT take longer than bUnit's default second on a busy machine.

        foreach (var service in builder.Services) bunit.Services.Add(service);
        bunit.Services.AddMudServices();
        var context = new ConsoleContext(folder, bunit);
        bunit.Services.AddSingleton<ILiveFeed>(context.Feed);
        bunit.Services.AddSingleton(context._gates);
        bunit.Services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(GatedMessages<,>));
        bunit.Services.AddScoped<ConsoleCommands>();

        if (migrated)
        {
            foreach (var hosted in bunit.Services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
                context._started.Add(hosted);
            }
        }
        return context;
    }

    /// <summary>Runs a command as <paramref name="user"/> and waits until every projection shows it.</summary>
    public async Task<CommitResult> SendAsync(IWarehouseCommand command, string user = "tester")
    {
        using var scope = Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new ExecuteCommand(command, new CommandOptions(User: user)));
        var visible = await Services.GetRequiredService<ReadYourWrites>().WaitAsync(result.LastPosition, null, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.True(visible, "The projections did not catch up with the seed command.");
        return result;
    }

    public Task<int> CountEventsAsync() => Services.GetRequiredService<EventReader>().CountAsync(EventFilter.None);

    public async Task SendAllAsync(params IWarehouseCommand[] commands)
    {
        foreach (var command in commands) await SendAsync(command);
    }

    /// <summary>Renders <typeparamref name="TPage"/> with the providers the layout would give it (popovers, dialogs, snackbars).</summary>
    public IRenderedComponent<Bunit.Rendering.ContainerFragment> Render<TPage>() where TPage : IComponent =>
        Bunit.Render(builder =>
        {
            Providers(builder);
            builder.OpenComponent<TPage>(10);
            builder.CloseComponent();
        });

    private static void Providers(RenderTreeBuilder builder)
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Enumerable.Reverse(_started)) await hosted.StopAsync(CancellationToken.None);
        await Bunit.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean with the temp folder.
        }
    }
}
