using BlazorEs.App;
using BlazorEs.Benchmarks.Suite;
using BlazorEs.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Benchmarks.FanOut;

/// <summary>
/// The console app exactly as Program.cs composes it (AddInfrastructure, AddConsole, UseConsole), on real Kestrel
/// bound to a free loopback port, in this process, with its own SQLite file.
/// </summary>
public sealed class InProcessApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessApp(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    public string Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<InProcessApp> StartAsync(string databasePath)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--urls", "http://127.0.0.1:0"],
            ApplicationName = typeof(ConsoleRegistration).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        BenchHost.Configure(builder, databasePath);
        builder.AddInfrastructure();
        builder.AddConsole();
        var app = builder.Build();
        app.UseConsole();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessApp(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
