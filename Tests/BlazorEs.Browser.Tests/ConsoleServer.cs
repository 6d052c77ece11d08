using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Browser.Tests;

/// <summary>The whole app on a real Kestrel port with its own SQLite file (no demo seed), as a browser would reach it.</summary>
public sealed class ConsoleServer : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "blazores-browser", Guid.NewGuid().ToString("N"));

    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="settings">Settings on top of the test defaults (e.g. Auth:Oidc:* for the OpenID Connect sign-in test).</param>
    public ConsoleServer(IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        Directory.CreateDirectory(_folder);
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.UseSetting("ConnectionStrings:EventStore", $"Data Source={Path.Combine(_folder, "console.db")}");
        builder.UseSetting("Seed:Enabled", "false");
        builder.UseEnvironment("Development");
    }

    /// <summary>Starts the server once and returns its address, e.g. http://127.0.0.1:41234.</summary>
    public string Address
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
