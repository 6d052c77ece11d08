using System.Diagnostics;
using BlazorEs.App.Live;
using BlazorEs.Infrastructure.EventStore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorEs.Browser.Tests;

/// <summary>
/// Many console circuits dropped at once (issue 16, fault 6): N real Blazor circuits — Chromium pages on the timeline in
/// a few signed-in browser contexts — reach the console through one TCP relay; the test cuts it (every connection
/// closed, new ones refused: a real network drop), commits a receipt while they are away, and mends it. Every page must
/// reconnect to its own circuit (Blazor's dialog gone, no reload) and show the receipt, the server's live-feed
/// subscriptions (one per connected circuit) must come back to N and go to 0 once the pages close. N is
/// BLAZORES_CIRCUITS (40 unless set; scripts/fault-table.sh runs 200 and writes the fault table's row).
/// </summary>
public sealed class CircuitStormTests(BrowserSession session) : IClassFixture<BrowserSession>, IAsyncLifetime
{
    private const int PagesPerContext = 25;
    private const float Long = 300_000; // ms: 200 pages on a shared 2-core machine; nothing here is timed, only waited for
    private readonly ConsoleServer _server = new();
    private readonly List<IBrowserContext> _contexts = [];
    private Relay? _relay;

    private static int Circuits =>
        int.TryParse(Environment.GetEnvironmentVariable("BLAZORES_CIRCUITS"), out var n) && n > 0 ? n : 40;

    [Fact]
    public async Task EveryCircuitDroppedAtOnceReconnectsToItselfAndShowsWhatWasCommittedWhileItWasCutOff()
    {
        BrowserSession.RequireChromium();
        var n = Circuits;
        _relay = new Relay(new Uri(_server.Address).Port);
        var feed = _server.Services.GetRequiredService<LiveFeed>();
        using var api = new WarehouseApi(_server);
        await api.RegisterAsync("STORM-1", "Storm lantern", 12.50m);

        var contextCount = (n + PagesPerContext - 1) / PagesPerContext;
        for (var c = 0; c < contextCount; c++) _contexts.Add(await _server.SignInAsync(session.Browser));
        var pages = new IPage[n];
        var navigations = new int[n];
        using (var opening = new SemaphoreSlim(4))
        {
            await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
            {
                await opening.WaitAsync();
                try
                {
                    var page = await _contexts[i % contextCount].NewPageAsync();
                    await page.GotoAsync($"http://127.0.0.1:{_relay.Port}/timeline", new() { Timeout = Long });
                    await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live", new() { Timeout = Long });
                    await Expect(page.GetByTestId("timeline-row")).ToHaveCountAsync(1, new() { Timeout = Long });
                    // A reload would show the receipt from a fresh query: the catch-up must come over the same circuit.
                    page.FrameNavigated += (_, frame) => { if (frame.ParentFrame is null) Interlocked.Increment(ref navigations[i]); };
                    pages[i] = page;
                }
                finally
                {
                    opening.Release();
                }
            }));
        }
        await WaitUntilAsync(() => feed.SubscriptionCount == n, () => $"{feed.SubscriptionCount} of {n} circuits subscribed before the drop");

        _relay.Cut();
        await WaitUntilAsync(() => feed.SubscriptionCount == 0, () => $"the server still counts {feed.SubscriptionCount} connected circuits after the drop");
        await Task.WhenAll(pages.Select(page => Expect(page.Locator("#components-reconnect-modal")).ToBeVisibleAsync(new() { Timeout = Long })));
        await api.ReceiveAsync("STORM-1", 5);
        var head = await _server.Services.GetRequiredService<EventReader>().HeadPositionAsync();
        await WaitUntilAsync(() => feed.LastPublished == head, () => "the broadcaster did not publish the receipt");
        _relay.Mend();

        var clock = Stopwatch.StartNew();
        var reconnected = new double[n];
        await Task.WhenAll(pages.Select(async (page, i) =>
        {
            await Expect(page.GetByTestId("timeline-row").Filter(new() { HasText = "StockReceived" })).ToHaveCountAsync(1, new() { Timeout = Long });
            await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live", new() { Timeout = Long });
            await Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync(new() { Timeout = Long });
            reconnected[i] = clock.Elapsed.TotalSeconds;
        }));
        var all = clock.Elapsed;
        await WaitUntilAsync(() => feed.SubscriptionCount == n, () => $"{feed.SubscriptionCount} of {n} circuits subscribed again after the reconnect");
        Assert.True(navigations.Sum() == 0,
            $"{navigations.Count(v => v > 0)} of {n} pages reloaded instead of reconnecting to their circuit (Circuits:DisconnectedMaxRetained?)");

        await api.ReceiveAsync("STORM-1", 6); // and every one of them is live again
        await Task.WhenAll(pages.Select(page =>
            Expect(page.GetByTestId("timeline-row").Filter(new() { HasText = "StockReceived" })).ToHaveCountAsync(2, new() { Timeout = Long })));

        foreach (var page in pages) await page.CloseAsync();
        await WaitUntilAsync(() => feed.SubscriptionCount == 0, () => $"{feed.SubscriptionCount} circuits still subscribed after every page closed");

        var sorted = reconnected.Order().ToArray();
        FaultTableRow.Write("6-circuit-storm",
            $"{n} console circuits (Chromium pages in {contextCount} browser contexts) dropped at once: their TCP relay cut, a receipt committed, the relay mended",
            $"Blazor's reconnecting dialog on every page; each reconnected to its own circuit (no reload) and showed the receipt made while it was cut off",
            $"1 / 0 (the receipt reached all {n} pages)",
            $"all {n} reconnected {all.TotalSeconds:0.0} s after the network came back (half of them within {sorted[n / 2]:0.0} s); the server's circuit count back to {n}, and 0 after closing");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> failure)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(Long);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(failure());
            await Task.Delay(50);
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        _relay?.Dispose();
        await _server.DisposeAsync();
    }
}
