using System.Net;
using System.Net.Sockets;
using BlazorEs.App.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BlazorEs.Browser.Tests.ConsolePage;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>
/// A console reached under a host name of the browser's choosing (as through a proxy or a port mapping, or a crafted
/// Host): Chromium is told that localhost:F is the app, while on this machine localhost:F is a listener that counts
/// connections. A server that connected to an address taken from the browser (the old per-circuit hub client did)
/// would knock on that listener.
/// </summary>
public sealed class ForeignHostTests : IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private readonly TcpListener _foreign = new(IPAddress.IPv6Any, 0);
    private readonly CancellationTokenSource _stop = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Task _accepting = Task.CompletedTask;
    private int _knocks;

    [Fact]
    public async Task AConsoleUnderAForeignHostNameIsLiveWithoutTheServerConnectingAnywhereAndLeavesNoSubscriptionWhenClosed()
    {
        BrowserSession.RequireChromium();
        var foreignPort = ((IPEndPoint)_foreign.LocalEndpoint).Port;
        var appPort = new Uri(_server.Address).Port;
        _browser = await _playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserSession.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                $"--host-resolver-rules=MAP localhost:{foreignPort} 127.0.0.1:{appPort}"],
        });
        var feed = _server.Services.GetRequiredService<LiveFeed>();
        var context = await _server.SignInAsync(_browser, address: $"http://localhost:{foreignPort}");
        var console = new List<string>();
        context.Console += (_, message) => { lock (console) console.Add($"{message.Type}: {message.Text} ({message.Location})"); };
        var dashboard = await OpenAsync(context, $"http://localhost:{foreignPort}/");

        // Live under that name: a product registered elsewhere appears without a reload.
        using (var api = new WarehouseApi(_server)) await api.RegisterAsync("FH-1", "Pallet wrap", 5.00m);
        await Expect(dashboard.GetByTestId("stock-available-FH-1")).ToHaveTextAsync("0", new() { Timeout = 15_000 });
        Assert.Equal(1, feed.SubscriptionCount);
        // The browser's console has no error (the app has no favicon: Chromium's ask for one is not the app's).
        lock (console) Assert.DoesNotContain(console, m => m.StartsWith("error", StringComparison.Ordinal) && !m.Contains("/favicon.ico", StringComparison.Ordinal));

        // Leaving the page ends its circuit (Blazor's disconnect beacon), and the circuit's subscription with it.
        await dashboard.GotoAsync("about:blank");
        await WaitUntilAsync(() => feed.SubscriptionCount == 0);
        await context.CloseAsync();

        Assert.Equal(0, Volatile.Read(ref _knocks));
    }

    public async ValueTask InitializeAsync()
    {
        _foreign.Server.DualMode = true; // localhost may resolve to ::1 or to 127.0.0.1: listen on both.
        _foreign.Start();
        _accepting = AcceptAsync();
        if (BrowserSession.ChromiumPath is not null) _playwright = await Playwright.CreateAsync();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var socket = await _foreign.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _knocks);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The circuit's live subscription was still open 20 s after the page was left.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _foreign.Stop();
        await _accepting;
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await _server.DisposeAsync();
    }
}
