using BlazorEs.App.Components.Shared;
using BlazorEs.App.Live;
using Bunit;
using Bunit.Rendering;
using Mediator;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace BlazorEs.App.Tests.Support;

/// <summary>
/// bUnit with MudBlazor, a hand-driven live feed, and everything else from a real <see cref="ConsoleHost"/>.
/// Dispose asynchronously: MudBlazor's PointerEventsNoneService only disposes that way.
/// </summary>
public sealed class ConsoleTestContext : IAsyncDisposable
{
    private ConsoleTestContext(ConsoleHost host)
    {
        Host = host;
        Mediator = new GatedMediator(() => host.Services.GetRequiredService<IMediator>());
        Bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        Bunit.Services.AddMudServices();
        Bunit.Services.AddSingleton<ILiveFeed>(Feed);
        Bunit.Services.AddSingleton<IMediator>(Mediator);
        Bunit.Services.AddScoped<ConsoleCommands>();
        Bunit.Services.AddFallbackServiceProvider(host.Services);
    }

    public BunitContext Bunit { get; } = new();

    public ConsoleHost Host { get; }

    public TestLiveFeed Feed { get; } = new();

    public GatedMediator Mediator { get; }

    /// <summary>The last rendered page with its providers: dialogs and snackbars render here, outside the page.</summary>
    public IRenderedComponent<ContainerFragment> Root { get; private set; } = default!;

    public static async Task<ConsoleTestContext> StartAsync(Action<IServiceCollection>? configure = null) =>
        new(await ConsoleHost.StartAsync(configure));

    /// <summary>Renders a page the way the layout hosts it: with MudBlazor's popover, dialog and snackbar providers.</summary>
    public IRenderedComponent<TPage> RenderPage<TPage>(string url = "/") where TPage : IComponent
    {
        Bunit.Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        Root = Bunit.Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(3);
            builder.CloseComponent();
        });
        return Root.FindComponent<TPage>();
    }

    public async ValueTask DisposeAsync()
    {
        Mediator.Release();
        await Bunit.DisposeAsync();
        await Host.DisposeAsync();
    }
}
