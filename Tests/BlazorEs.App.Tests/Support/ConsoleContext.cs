using BlazorEs.App.Auth;
using BlazorEs.App.Components.Shared;
using BlazorEs.Infrastructure.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Components.Forms;
using BlazorEs.App.Live;
using BlazorEs.Domain;
using BlazorEs.Infrastructure;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using Bunit;
using Bunit.Rendering;
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
/// The one bUnit fixture: the app's own infrastructure registration on a temp SQLite file, migrated and with its
/// projections running, plus MudBlazor and a <see cref="TestLiveFeed"/> the test drives by hand. Seed data goes
/// through real commands. Queries and commands pass the mediator's <see cref="Gate"/>s, so a test can hold them
/// back to see a loading or sending state. Dispose asynchronously: MudBlazor's PointerEventsNoneService only
/// disposes that way.
/// </summary>
public sealed class ConsoleContext : IAsyncDisposable
{
    private readonly string _folder;
    private readonly List<IHostedService> _started = [];
    private readonly MediatorGates _gates = new();
    private bool _disposed;

    private ConsoleContext(string folder, BunitContext bunit)
    {
        _folder = folder;
        Bunit = bunit;
    }

    public BunitContext Bunit { get; }

    /// <summary>The live feed the screens see (unless started with <c>circuitFeed</c>): the test pushes messages into it.</summary>
    public TestLiveFeed Feed { get; } = new();

    /// <summary>Closed, it holds every query the screens ask.</summary>
    public Gate Queries => _gates.Queries;

    /// <summary>Closed, it holds every command (seed commands too: close it after seeding).</summary>
    public Gate Commands => _gates.Commands;

    public IServiceProvider Services => Bunit.Services;

    public ProjectionCatalog Projections => Services.GetRequiredService<ProjectionCatalog>();

    /// <summary>Who the screens see as signed in.</summary>
    public TestAuthenticationState Authentication { get; } = new();

    /// <summary>Signs <paramref name="userName"/> in with <paramref name="role"/>: the screens' authorization and the acting user of their commands.</summary>
    public void SignIn(string userName, string role)
    {
        var principal = TestAuthenticationState.Principal(userName, role);
        Authentication.Set(principal);
        Services.GetRequiredService<CurrentUser>().Set(principal);
    }

    /// <summary>Nobody signed in.</summary>
    public void SignOut()
    {
        Authentication.Set(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()));
        Services.GetRequiredService<CurrentUser>().Set(null);
    }

    public string DatabasePath => Path.Combine(_folder, "store.db");

    /// <summary>The last page rendered by <see cref="RenderPage{TPage}"/> with its providers: dialogs and snackbars render here, outside the page.</summary>
    public IRenderedComponent<ContainerFragment> Root { get; private set; } = default!;

    /// <param name="migrated">False leaves the database without tables: every query fails, as with a broken read side.</param>
    /// <param name="services">Changes to the app's registrations (e.g. a catalog without projections).</param>
    /// <param name="circuitFeed">
    /// True gives the screens the app's own live feed (the <see cref="LiveFeed"/> singleton and a
    /// <see cref="CircuitLiveFeed"/> per circuit, as <c>ConsoleRegistration</c> wires them) instead of <see cref="Feed"/>:
    /// for what a circuit's subscription does, rather than what a screen does with a message.
    /// </param>
    /// <param name="role">The signed-in user's role (an admin called tester unless said otherwise); <see cref="SignIn"/> changes it.</param>
    public static async Task<ConsoleContext> StartAsync(bool migrated = true, Action<IServiceCollection>? services = null, bool circuitFeed = false, string role = ConsoleRoles.Admin)
    {
        var folder = Path.Combine(Path.GetTempPath(), "blazores-app-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:EventStore"] = $"Data Source={Path.Combine(folder, "store.db")}",
            ["Seed:Enabled"] = "false",
            // Not Development (an empty builder): the integrity key must be given, as in production.
            ["Integrity:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // A failing event parks after one quick retry, so a test can show a parked projection without waiting for backoff.
            ["Projections:MaxAttempts"] = "2",
            ["Projections:RetryDelay"] = "00:00:00.010",
            ["Projections:PollInterval"] = "00:00:00.200",
        });
        builder.AddInfrastructure();
        services?.Invoke(builder.Services);

        var bunit = new BunitContext();
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        foreach (var service in builder.Services) bunit.Services.Add(service);
        bunit.Services.AddMudServices();
        var context = new ConsoleContext(folder, bunit);
        if (circuitFeed)
        {
            bunit.Services.AddSingleton<LiveFeed>();
            bunit.Services.AddScoped<CircuitLiveFeed>();
            bunit.Services.AddScoped<ILiveFeed>(sp => sp.GetRequiredService<CircuitLiveFeed>());
        }
        else bunit.Services.AddSingleton<ILiveFeed>(context.Feed);
        bunit.Services.AddSingleton(context._gates);
        bunit.Services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(GatedMessages<,>));
        bunit.Services.AddScoped<ConsoleCommands>();
        // Sign-in as the app declares it: its policies, a cascading authentication state, a principal the test sets.
        bunit.Services.AddAuthorizationCore(ConsolePolicies.Configure);
        // bUnit puts placeholders in first (TryAdd keeps them): the real evaluation replaces them.
        bunit.Services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        bunit.Services.Replace(ServiceDescriptor.Transient<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>());
        bunit.Services.AddCascadingAuthenticationState();
        bunit.Services.AddSingleton(context.Authentication);
        bunit.Services.AddSingleton<AuthenticationStateProvider>(context.Authentication);
        bunit.Services.AddSingleton<AntiforgeryStateProvider, TestAntiforgery>();
        context.SignIn("tester", role);

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
    public async Task<CommitResult> SendAsync(IWarehouseCommand command, string user = "tester", string? correlationId = null, DateTime? recordedAt = null)
    {
        using var scope = Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new ExecuteCommand(command, new CommandOptions(User: user, CorrelationId: correlationId, RecordedAt: recordedAt)));
        var visible = await Services.GetRequiredService<ReadYourWrites>().WaitAsync(result.LastPosition, null, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.True(visible, "The projections did not catch up with the seed command.");
        return result;
    }

    public async Task SendAllAsync(params IWarehouseCommand[] commands)
    {
        foreach (var command in commands) await SendAsync(command);
    }

    /// <summary>Appends events straight to the store, past the domain's rules (how a poison event gets in).</summary>
    public Task<CommitResult> AppendAsync(string streamId, params object[] events) =>
        Services.GetRequiredService<EventStoreWriter>().AppendAsync(new AppendRequest(
            [new StreamAppend(streamId, ExpectedVersion.Any, events)],
            new EventMetadata("mallory", "Import", Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "import")));

    public Task<int> CountEventsAsync() => Services.GetRequiredService<EventReader>().CountAsync(EventFilter.None);

    /// <summary>Events after <paramref name="position"/> as the live channel would carry them.</summary>
    public async Task<RecordedEvent[]> SummariesAfterAsync(long position) =>
        [.. await Services.GetRequiredService<EventReader>().ReadRecordedAfterAsync(position, 1000)];

    /// <summary>Takes the events table away, so every read of history fails as a broken database would.</summary>
    public async Task BreakEventsTableAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DROP TABLE Events";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Renders <typeparamref name="TPage"/> with the providers the layout would give it (popovers, dialogs, snackbars).</summary>
    public IRenderedComponent<ContainerFragment> Render<TPage>() where TPage : IComponent =>
        Bunit.Render(builder =>
        {
            Providers(builder);
            builder.OpenComponent<TPage>(10);
            builder.CloseComponent();
        });

    /// <summary>Navigates to <paramref name="url"/> and renders <typeparamref name="TPage"/> there, as the router would; <see cref="Root"/> holds its providers.</summary>
    public IRenderedComponent<TPage> RenderPage<TPage>(string url = "/") where TPage : IComponent
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        Root = Render<TPage>();
        return Root.FindComponent<TPage>();
    }

    private static void Providers(RenderTreeBuilder builder)
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
    }

    /// <summary>Ends the circuit and the host; a test may call it before the end of its <c>await using</c> to look at what is left.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        // Whatever a test still holds back is let through, so nothing waits on a gate past the test.
        Queries.Open();
        Commands.Open();
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
