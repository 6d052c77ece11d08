using BlazorEs.Infrastructure.Settings;
using Microsoft.AspNetCore.HttpOverrides;
using System.Net;

namespace BlazorEs.App.Hosting;

/// <summary>
/// What production needs on by default: forwarded headers behind a proxy (Proxy:Enabled), HTTPS redirection and HSTS
/// outside Development when the app serves TLS itself, and the security headers on every response.
/// </summary>
internal static class SafeDefaults
{
    public static void AddSafeDefaults(this IHostApplicationBuilder builder)
    {
        var proxy = builder.AddValidatedOptions<ProxyOptions>("Proxy", o => o.Validate());
        if (!proxy.Enabled) return;
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // For and Proto only: the Host header stays what the client sent (AllowedHosts checks it).
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var address in proxy.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(address));
            foreach (var network in proxy.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
    }

    public static void UseSafeDefaults(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ProxyOptions>().Enabled) app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // HSTS is only ever sent on HTTPS responses (also when the proxy said the client came over HTTPS).
            app.UseHsts();
            if (ServesTls(app.Configuration)) app.UseHttpsRedirection();
        }
        app.UseMiddleware<SecurityHeaders>();
    }

    /// <summary>Kestrel listens on an https:// address (urls, ASPNETCORE_HTTPS_PORTS, or a Kestrel endpoint).</summary>
    internal static bool ServesTls(IConfiguration configuration) =>
        (configuration["urls"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase)
        || !string.IsNullOrWhiteSpace(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Any(e => (e["Url"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
