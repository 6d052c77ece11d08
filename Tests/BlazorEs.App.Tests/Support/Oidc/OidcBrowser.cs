using System.Net;
using System.Text.RegularExpressions;

namespace BlazorEs.App.Tests.Support.Oidc;

/// <summary>A page where <see cref="OidcBrowser"/> stopped: its address, status and HTML.</summary>
public sealed record BrowsedPage(Uri Url, int Status, string Body);

/// <summary>
/// What a browser does in a sign-in at an issuer, without one: follows redirects from site to site and a page's meta
/// refresh, keeping each site's cookies, and remembers every address it went through. Cookies are kept by host (not
/// port), as browsers do; the issuer sets none, so the console's and the issuer's never mix.
/// </summary>
public sealed partial class OidcBrowser : IDisposable
{
    private const int MaxHops = 20;
    private readonly HttpClient _client;

    public OidcBrowser(CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies })
        {
            Timeout = TimeSpan.FromSeconds(100),
        };
    }

    public CookieContainer Cookies { get; }

    /// <summary>Every address requested, in order.</summary>
    public List<Uri> Visited { get; } = [];

    /// <summary>Opens <paramref name="url"/> and goes where it leads; stops at the first page that leads nowhere, or before the first address <paramref name="stopBefore"/> picks (status 0, not requested).</summary>
    public async Task<BrowsedPage> OpenAsync(Uri url, Func<Uri, bool>? stopBefore = null)
    {
        for (var hop = 0; hop < MaxHops; hop++)
        {
            if (stopBefore?.Invoke(url) == true) return new BrowsedPage(url, 0, "");
            Visited.Add(url);
            using var response = await _client.GetAsync(url, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                url = new Uri(url, location);
            else if (MetaRefresh().Match(body) is { Success: true } refresh)
                url = new Uri(url, WebUtility.HtmlDecode(refresh.Groups["url"].Value));
            else
                return new BrowsedPage(url, status, body);
        }
        throw new InvalidOperationException($"More than {MaxHops} hops: {string.Join(" -> ", Visited)}");
    }

    /// <summary>A copy of the cookies this browser holds for <paramref name="site"/>, e.g. to replay a request later as it was sent.</summary>
    public CookieContainer CopyCookies(Uri site)
    {
        var copy = new CookieContainer();
        foreach (var cookie in Cookies.GetAllCookies().Where(c => c.Domain == site.Host))
            copy.Add(new Uri(site, cookie.Path), new Cookie(cookie.Name, cookie.Value, cookie.Path)); // the correlation cookie's path is /signin-oidc
        return copy;
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("""<meta http-equiv="refresh" content="\d+;url=(?<url>[^"]*)">""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaRefresh();
}
