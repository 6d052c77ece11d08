using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using BlazorEs.Benchmarks.Live;
using BlazorEs.Benchmarks.Scale;
using BlazorEs.Benchmarks.Suite;
using Microsoft.Playwright;

namespace BlazorEs.Benchmarks.Circuits;

/// <summary>
/// Scenario 12 (issue 17): server memory per console circuit. The app as its own process (AppInstance: its memory is
/// the instance's alone, not the benchmark's or Playwright's), 60 products and their receipts, then N real circuits
/// (200 in full mode) of one screen held open by Chromium — the screen in same-origin iframes, 25 to a page, each
/// iframe its own blazor.web.js and circuit — against the same process with only one warm-up circuit before:
/// working set (/proc) and GC heap (its /metrics) divided by N. A fresh process per screen (Timeline, Products).
/// </summary>
public static class CircuitMemoryScenario
{
    private const int PerPage = 25;
    private const float Long = 600_000; // ms: waiting, not timing
    /// <summary>The console's chrome alone (layout, app bar, navigation, live indicators; the page says "not found"): the baseline the screens are measured beyond.</summary>
    private const string Chrome = "/not-found";
    private static readonly string[] Screens = [Chrome, "/timeline", "/products"];

    public static async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        if (Chromium.ExecutablePath is not { } chromium)
        {
            result.NotMeasured = "no Chromium on this machine (set CHROMIUM_PATH or `apt-get install -y chromium`): the circuits are real browsers'.";
            return;
        }
        var circuits = context.IsSmoke ? 5 : 200;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright, chromium);
        var chrome = (WorkingSet: 0.0, Heap: 0.0);
        foreach (var screen in Screens)
        {
            var folder = context.Folder("circuits" + screen.Replace('/', '-'));
            var path = Path.Combine(folder, "circuits.db");
            BenchStore.DeleteFiles(path);
            var (app, _) = await AppInstance.StartAsync(path, Path.Combine(folder, "app.log"));
            await using (app)
            {
                for (var i = 0; i < 60; i++)
                {
                    (await app.Client.PostAsJsonAsync("/api/commands/RegisterProduct", new { sku = $"CM-{i:D3}", name = $"Circuit probe {i}", price = 1m + i })).EnsureSuccessStatusCode();
                    (await app.Client.PostAsJsonAsync("/api/commands/ReceiveStock", new { sku = $"CM-{i:D3}", quantity = 20, reference = $"CM-PO-{i}" })).EnsureSuccessStatusCode();
                }
                var address = app.Client.BaseAddress!.ToString().TrimEnd('/');
                await using (await Consoles.OpenAsync(browser, address, screen, 1)) await Task.Delay(3000); // JIT, caches, pools: not a circuit's own
                await Task.Delay(5000);
                var (workingSet0, heap0) = (app.WorkingSetMegabytes(), await app.ManagedHeapMegabytesAsync());
                var clock = Stopwatch.StartNew();
                await using var consoles = await Consoles.OpenAsync(browser, address, screen, circuits);
                var opened = clock.Elapsed;
                await Task.Delay(10_000); // the circuits' first renders and live subscriptions settled, a collection or two since
                var (workingSet1, heap1) = (app.WorkingSetMegabytes(), await app.ManagedHeapMegabytesAsync());
                if (Environment.GetEnvironmentVariable(HeapDumps) is { Length: > 0 } dumps) await DumpHeapAsync(context, app, Path.Combine(dumps, screen.Trim('/') + ".gcdump"));
                var perWorkingSet = (workingSet1 - workingSet0) * 1024 / circuits;
                var perHeap = (heap1 - heap0) * 1e6 / 1024 / circuits;
                var ws = result.Add(Figure.Of($"{screen}: server working set per circuit ({circuits} circuits)", "KB", [perWorkingSet], higherIsBetter: false));
                result.Add(Figure.Of($"{screen}: server GC heap per circuit ({circuits} circuits)", "KB", [perHeap], higherIsBetter: false));
                if (screen == Chrome) chrome = (perWorkingSet, perHeap);
                else
                {
                    result.Targets.Add(new TargetCheck($"{screen}: a console circuit's server memory", ws, 300, "≤ 300 KB per circuit (working set, framework included)"));
                    result.Breakdown.Add(Figure.Of($"{screen}: working set per circuit beyond the console's chrome ({Chrome})", "KB", [perWorkingSet - chrome.WorkingSet], higherIsBetter: false));
                    result.Breakdown.Add(Figure.Of($"{screen}: GC heap per circuit beyond the console's chrome ({Chrome})", "KB", [perHeap - chrome.Heap], higherIsBetter: false));
                }
                context.Log($"circuits {screen}: {circuits} opened in {opened.TotalSeconds:F0} s; working set {workingSet0:F0} → {workingSet1:F0} MB "
                    + $"({perWorkingSet:F0} KB each), GC heap {heap0:F0} → {heap1:F0} MB ({perHeap:F0} KB each)");
            }
        }
        result.Notes.Add($"What is measured: the app as its own process (Development, no seed, rate limits off) on a fresh SQLite file with 60 products "
            + "and 60 receipts; one warm-up circuit of the screen opened and closed; then working set (VmRSS) and the GC heap after its last "
            + $"collection (dotnet_gc_last_collection_heap_size_bytes from /metrics) before and 10 s after {circuits} circuits of the screen are all "
            + $"Live, divided by {circuits}. The circuits are Chromium's: same-origin iframes, {PerPage} to a page, one signed-in browser context per page "
            + "(the test's route takes frame-ancestors out of the page's policy). Everything a circuit costs the server is counted — "
            + "Blazor's own circuit, renderer and SignalR connection as well as the console's components and live-feed subscription — so "
            + $"the figure is an upper bound of what the console adds beyond the framework's own. {Chrome} (the layout with an empty page) is "
            + "measured the same way, and the breakdown gives each screen beyond it: a lower bound of what a screen adds beyond the framework "
            + "(the chrome is the console's too). The GC heap after the last collection "
            + "includes garbage the collector has not reached yet; the working set includes memory the GC keeps committed.");
    }

    /// <summary>Set to a folder: a heap dump of the app with each screen's circuits open (`dotnet-gcdump report` names what they hold).</summary>
    private const string HeapDumps = "BLAZORES_GCDUMP";

    /// <summary>A live-object heap walk by dotnet-gcdump (`dotnet tool install -g dotnet-gcdump`); taken after the figures, it collects fully.</summary>
    private static async Task DumpHeapAsync(BenchContext context, AppInstance app, string file)
    {
        try
        {
            using var dump = Process.Start("dotnet-gcdump", ["collect", "-p", app.ProcessId.ToString(CultureInfo.InvariantCulture), "-o", file])!;
            await dump.WaitForExitAsync();
            context.Log($"heap dump {file}: dotnet-gcdump exited {dump.ExitCode}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            context.Log($"no heap dump ({HeapDumps} is set, but dotnet-gcdump could not be started: {ex.Message})");
        }
    }

    /// <summary>N circuits of one screen: pages of same-origin iframes in signed-in browser contexts; disposing closes them.</summary>
    private sealed class Consoles(List<IBrowserContext> contexts) : IAsyncDisposable
    {
        public static async Task<Consoles> OpenAsync(IBrowser browser, string address, string screen, int count)
        {
            var contexts = new List<IBrowserContext>();
            for (var first = 0; first < count; first += PerPage)
            {
                var context = await browser.NewContextAsync();
                contexts.Add(context);
                await context.GrantPermissionsAsync(["local-network-access"]); // a frame's WebSocket to loopback
                var page = await context.NewPageAsync();
                await page.GotoAsync(address + "/account/login");
                await page.Locator("#userName").FillAsync(AppInstance.AdminUserName);
                await page.Locator("#password").FillAsync(AppInstance.AdminPassword);
                await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
                await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { Timeout = Long });
                await page.RouteAsync("**" + screen, async route =>
                {
                    var response = await route.FetchAsync();
                    var headers = new Dictionary<string, string>(response.Headers);
                    if (headers.TryGetValue("content-security-policy", out var policy))
                        headers["content-security-policy"] = string.Join(';', policy.Split(';').Where(d => !d.Trim().StartsWith("frame-ancestors", StringComparison.Ordinal)));
                    await route.FulfillAsync(new() { Response = response, Headers = headers });
                });
                await page.GotoAsync(address + "/health/live");
                var n = Math.Min(PerPage, count - first);
                await page.SetContentAsync("<!doctype html><html><body>" + string.Concat(Enumerable.Range(0, n).Select(i =>
                    $"<iframe name='c{i}' src='{screen}' width='480' height='360'></iframe>")) + "</body></html>", new() { Timeout = Long });
                for (var i = 0; i < n; i++)
                    await page.FrameLocator($"iframe[name='c{i}']").GetByTestId("connection-state").Filter(new() { HasText = "Live" })
                        .WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Long });
            }
            return new Consoles(contexts);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var context in contexts) await context.CloseAsync();
        }
    }
}
