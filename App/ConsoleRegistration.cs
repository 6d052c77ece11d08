using BlazorEs.App.Api;
using BlazorEs.App.Auth;
using BlazorEs.App.Cluster;
using BlazorEs.App.Components;
using BlazorEs.App.Components.Shared;
using BlazorEs.App.Limits;
using BlazorEs.App.Health;
using BlazorEs.App.Hosting;
using BlazorEs.App.Live;
using BlazorEs.App.OpenApi;
using BlazorEs.App.Telemetry;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using MudBlazor.Services;

namespace BlazorEs.App;

public static class ConsoleRegistration
{
    /// <summary>The console: Blazor Server with MudBlazor, the HTTP API, health.</summary>
    public static IHostApplicationBuilder AddConsole(this IHostApplicationBuilder builder)
    {
        // Blazor keeps 100 dropped circuits by default; a network blip drops every console at once, and a page whose
        // circuit was not kept reloads instead of reconnecting (docs/reliability.md, "200 circuits dropped at once").
        var retained = builder.Configuration.GetValue("Circuits:DisconnectedMaxRetained", 500);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(o => o.DisconnectedCircuitMaxRetained = Math.Max(1, retained));
        builder.Services.AddMudServices();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<StorageFaultHandler>(); // a database fault anywhere is a 503, not a 500
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddSignalR();
        builder.Services.AddHostedService<LiveBroadcaster>();
        // Circuits take the broadcaster's messages in process; LiveHub is for clients outside it.
        builder.Services.AddSingleton<LiveFeed>();
        builder.Services.AddScoped<CircuitLiveFeed>();
        builder.Services.AddScoped<ILiveFeed>(sp => sp.GetRequiredService<CircuitLiveFeed>());
        builder.Services.AddScoped<CircuitHandler, LiveCircuitHandler>();
        builder.Services.AddScoped<ConsoleCommands>();
        builder.AddCluster();
        builder.AddConsoleRateLimits();
        builder.AddSafeDefaults();
        builder.AddApiDocument();
        builder.AddTelemetry();
        builder.AddConsoleAuth();
        return builder;
    }

    public static WebApplication UseConsole(this WebApplication app)
    {
        app.UseSafeDefaults();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseConsoleAuth();
        // After sign-in: the limits are per signed-in user (the principal's name), else per address.
        app.UseRateLimiter();
        app.UseApiBodyLimit(); // 413 for any API body over 64 KB, read or not
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();

        app.MapHealthEndpoints();
        // Each group is one tag of the API document; every operation in it may answer problem+json (ApiProblems).
        app.MapApiGroup("Auth").MapAuthEndpoints();
        app.MapApiGroup("Users").MapUserEndpoints();
        app.MapApiGroup("Commands").MapCommandEndpoints();
        app.MapApiGroup("Events").MapEventEndpoints();
        app.MapApiGroup("Read models").MapReadModelEndpoints().MapRowHistoryEndpoints();
        app.MapApiGroup("Projections").MapProjectionEndpoints();
        app.MapApiGroup("Replay").MapReplayEndpoints();
        app.MapApiGroup("Compensation").MapCompensationEndpoints();
        app.MapApiGroup("Cluster").MapClusterEndpoints();
        app.MapApiGroup("Integrity").MapIntegrityEndpoints();
        app.MapApiGroup("Export").MapExportEndpoints();
        app.MapConsoleExport();
        app.MapApiDocument();
        app.MapMetrics();

        app.MapHub<LiveHub>(LiveMessageNames.HubPath).RequireAuthorization(ConsolePolicies.View);
        // Pages name their policy ([Authorize] in Pages/_Imports, [AllowAnonymous] on the sign-in pages); the circuit hub and
        // framework endpoints mapped here need a signed-in viewer.
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode().RequireAuthorization(ConsolePolicies.View);
        return app;
    }
}
