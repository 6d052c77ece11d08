using BlazorEs.App.Live;
using BlazorEs.Infrastructure.EventStore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BlazorEs.Browser.Tests.ConsolePage;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>
/// The browser reaches the console through a TCP relay the test can cut: the circuit's connection really drops, Blazor
/// reconnects on its own, and what was committed meanwhile must reach the screen once.
/// </summary>
public sealed class CircuitReconnectTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private Relay? _relay;
    private IBrowserContext? _context;

    [Fact]
    public async Task EventsCommittedWhileTheBrowserWasCutOffReachTheTimelineOnceAfterBlazorReconnects()
    {
        BrowserSession.RequireChromium();
        _relay = new Relay(new Uri(_server.Address).Port);
        var feed = _server.Services.GetRequiredService<LiveFeed>();
        using var api = new WarehouseApi(_server);
        _context = await _server.SignInAsync(session.Browser);
        var timeline = await OpenAsync(_context, $"http://127.0.0.1:{_relay.Port}/timeline");
        await api.RegisterAsync("RC-1", "Shrink hood", 3.00m);
        await Expect(timeline.GetByTestId("timeline-row")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        Assert.Equal(1, feed.SubscriptionCount);
        var navigations = 0; // A reload would show the rows from a fresh query: the catch-up must come over the same circuit.
        timeline.FrameNavigated += (_, frame) => { if (frame.ParentFrame is null) navigations++; };

        _relay.Cut(); // Every connection closed, new ones refused until it is mended.
        await WaitUntilAsync(() => feed.SubscriptionCount == 0, "the server never saw the circuit's connection drop");
        await api.ReceiveAsync("RC-1", 5);
        await api.ReceiveAsync("RC-1", 6);
        await api.ReceiveAsync("RC-1", 7);
        // Everything was pushed while the circuit was away: only a catch-up after the reconnect can bring it.
        var head = await _server.Services.GetRequiredService<EventReader>().HeadPositionAsync();
        await WaitUntilAsync(() => feed.LastPublished == head, "the broadcaster did not publish the receipts");
        _relay.Mend();

        await Expect(timeline.GetByTestId("timeline-row")).ToHaveCountAsync(4, new() { Timeout = 30_000 });
        await Expect(timeline.GetByTestId("timeline-row").Filter(new() { HasText = "StockReceived" })).ToHaveCountAsync(3);
        await WaitForLiveAsync(timeline);
        await WaitUntilAsync(() => feed.SubscriptionCount == 1, "the reconnected circuit did not subscribe again");
        await api.ReceiveAsync("RC-1", 8); // And it is live again.
        await Expect(timeline.GetByTestId("timeline-row")).ToHaveCountAsync(5, new() { Timeout = 15_000 });
        Assert.Equal(0, navigations);
        await Expect(timeline.Locator("#components-reconnect-modal")).ToBeHiddenAsync(); // Blazor's own "reconnecting" dialog is gone.
        await ScreenshotAsync(timeline, "live-timeline-after-reconnect");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(failure);
            await Task.Delay(50);
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        _relay?.Dispose();
        await _server.DisposeAsync();
    }
}
