using BlazorEs.App;
using BlazorEs.Infrastructure;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Benchmarks.Suite;

/// <summary>
/// The console app exactly as Program.cs composes it (AddInfrastructure, AddConsole, UseConsole), on real Kestrel
/// bound to a free loopback port, in this process, with its own SQLite file — able to serve a real browser too:
/// blazor.web.js, MudBlazor's and the app's static files are found through the build's static web assets manifest
/// (the benchmark runs outside the App folder and outside Development, where that manifest is not read by default).
/// </summary>
public sealed class InProcessConsole : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessConsole(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>e.g. http://127.0.0.1:41234, without a trailing slash.</summary>
    public string Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Configuration over the benchmark's own (e.g. RateLimits:Enabled=false for a load test).</param>
    public static async Task<InProcessConsole> StartAsync(string databasePath, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = HostArguments.With("--urls", "http://127.0.0.1:0"),
            ApplicationName = typeof(ConsoleRegistration).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        BenchHost.Configure(builder, databasePath);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseStaticWebAssets();
        builder.AddInfrastructure();
        builder.AddConsole();
        var app = builder.Build();
        app.UseConsole();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessConsole(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
