using System.Net;
using System.Net.Sockets;

namespace BlazorEs.Browser.Tests;

/// <summary>
/// Relays TCP connections to the app, so a test can drop the browsers' connections for real: while cut, every relayed
/// connection is closed and new ones are refused (the browser sees a network drop, the server a closed connection).
/// </summary>
public sealed class Relay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly int _target;
    private volatile bool _cut;

    public Relay(int target)
    {
        _target = target;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    public void Mend() => _cut = false;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var browser = await _listener.AcceptTcpClientAsync(_stop.Token);
                if (_cut)
                {
                    browser.Dispose();
                    continue;
                }
                _ = RelayAsync(browser);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task RelayAsync(TcpClient browser)
    {
        var app = new TcpClient();
        lock (_open) _open.AddRange([browser, app]);
        try
        {
            await app.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            var up = browser.GetStream().CopyToAsync(app.GetStream(), _stop.Token);
            var down = app.GetStream().CopyToAsync(browser.GetStream(), _stop.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception)
        {
            // Cut, or one side closed: close both.
        }
        finally
        {
            browser.Dispose();
            app.Dispose();
            lock (_open)
            {
                _open.Remove(browser);
                _open.Remove(app);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
    }
}
