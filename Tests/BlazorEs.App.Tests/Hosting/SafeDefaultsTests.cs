using BlazorEs.App.Hosting;
using BlazorEs.App.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Hosting;

/// <summary>Forwarded headers, HSTS and the security headers, on a real Kestrel port (the proxy check reads the peer's address).</summary>
public sealed class SafeDefaultsTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();

    private async Task<HttpResponseMessage> GetAsync(string environment, bool proxy, string? forwardedProto)
    {
        var app = _factory.WithWebHostBuilder(b => b
            .UseEnvironment(environment)
            .UseSetting("Proxy:Enabled", proxy ? "true" : "false"));
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1");
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = "console.example"; // HSTS is never sent to localhost
        if (forwardedProto is not null) request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task BehindAProxyThatSaysHttpsProductionSendsHsts()
    {
        using var response = await GetAsync("Production", proxy: true, forwardedProto: "https");

        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task WithoutProxyEnabledAForwardedProtoIsNotBelieved()
    {
        using var response = await GetAsync("Production", proxy: false, forwardedProto: "https");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task DevelopmentSendsNoHsts()
    {
        using var response = await GetAsync("Development", proxy: true, forwardedProto: "https");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task EveryResponseCarriesTheSecurityHeaders()
    {
        using var response = await GetAsync("Production", proxy: false, forwardedProto: null);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
    }

    [Theory]
    [InlineData("urls", "http://+:8080", false)]
    [InlineData("urls", "http://+:8080;https://+:8443", true)]
    [InlineData("https_ports", "443", true)]
    [InlineData("Kestrel:Endpoints:Secure:Url", "https://0.0.0.0:8443", true)]
    public void TlsIsServedWhenKestrelListensOnHttps(string key, string value, bool servesTls)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        Assert.Equal(servesTls, SafeDefaults.ServesTls(configuration));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
