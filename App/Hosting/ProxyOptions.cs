using System.Net;

namespace BlazorEs.App.Hosting;

/// <summary>The "Proxy" section: the console runs behind a reverse proxy that terminates TLS and forwards X-Forwarded-For/-Proto.</summary>
public sealed class ProxyOptions
{
    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies whose X-Forwarded-* headers are believed (loopback is always believed).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. 10.0.0.0/8) whose proxies are believed.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public string? Validate()
    {
        foreach (var proxy in KnownProxies)
            if (!IPAddress.TryParse(proxy, out _)) return $"Proxy:KnownProxies has '{proxy}', which is not an IP address.";
        foreach (var network in KnownNetworks)
            if (!IPNetwork.TryParse(network, out _)) return $"Proxy:KnownNetworks has '{network}', which is not a network in CIDR form (10.0.0.0/8).";
        return null;
    }
}
