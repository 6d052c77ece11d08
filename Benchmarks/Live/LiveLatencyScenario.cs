using BlazorEs.App.Live;
using BlazorEs.Benchmarks.Suite;
using BlazorEs.Domain;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BlazorEs.Benchmarks.Live;

/// <summary>
/// Scenario 6: a command sent in one real browser until the change is visible in a second browser's DOM. Operator A
/// receives stock through the Products page's dialog in one Chromium process; a second Chromium process watches the
/// Timeline (the event appears) and the Products grid (the stock figure changes). The click's time is taken in A, the
/// change's in B (MutationObserver), both on the machine's wall clock.
/// </summary>
public static class LiveLatencyScenario
{
    private const string Sku = "LIVE-1";
    private const string Timeline = "click in A → event row on B's Timeline";
    private const string Products = "click in A → stock figure on B's Products grid";

    public static async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        if (Chromium.ExecutablePath is not { } chromium)
        {
            result.NotMeasured = "no Chromium on this machine (set CHROMIUM_PATH or `apt-get install -y chromium`): the scenario drives two real browsers.";
            return;
        }
        var commands = context.Size.LiveCommands;
        var warmUp = context.IsSmoke ? 1 : 10;
        var path = Path.Combine(context.Folder("live"), "live.db");
        BenchStore.DeleteFiles(path);
        await using var app = await InProcessConsole.StartAsync(path);
        await SendAsync(app.Services, new RegisterProduct(Sku, "Live latency probe", 1m));
        await using var tap = await ServerTap.StartAsync(app.Address, app.Services);
        using var playwright = await Playwright.CreateAsync();
        await using var operatorBrowser = await Chromium.LaunchAsync(playwright, chromium);
        await using var watcherBrowser = await Chromium.LaunchAsync(playwright, chromium);

        var quiet = new FigureSet();
        var loaded = new FigureSet();
        var state = new Probe(app.Services, 0);
        for (var rep = 0; rep < context.Size.Repetitions; rep++)
            await RepetitionAsync(context, quiet, operatorBrowser, watcherBrowser, app.Address, "/timeline", tap, state, $"quiet {rep + 1}", commands, warmUp);

        // The same rounds while the app also takes BackgroundRate commands a second from elsewhere (issue 17).
        var background = await BackgroundCommands.StartAsync(app.Services, BackgroundRate);
        await using (background)
        {
            for (var rep = 0; rep < context.Size.Repetitions; rep++)
                // B watches the probe product's own stream there: an unfiltered Timeline takes 500 rows a second, and the probe's
                // row is scrolled past before it is seen.
                await RepetitionAsync(context, loaded, operatorBrowser, watcherBrowser, app.Address, $"/timeline?stream=product-{Sku}", tap, state, $"loaded {rep + 1}", commands, warmUp);
            loaded.Background(background.Rate, background.Failed);
        }
        quiet.Report(result, commands, suffix: "");
        loaded.Report(result, commands, suffix: Loaded);
        foreach (var name in new[] { Timeline, Products })
            result.Comparisons.Add(new Comparison($"p95: {name}{Loaded} / the same when quiet", loaded.P95(name), quiet.P95(name)));
        AddNotes(result, commands, warmUp);
    }

    private const int BackgroundRate = 500;
    private static readonly string Loaded = $", under {BackgroundRate} commands/s of background load";

    /// <summary>Where the probe product's Available figure stands, across repetitions.</summary>
    private sealed class Probe(IServiceProvider services, int available)
    {
        public IServiceProvider Services { get; } = services;

        public int Available { get; set; } = available;
    }

    /// <summary>One repetition: fresh pages, warm-up, then the measured rounds one at a time.</summary>
    private static async Task RepetitionAsync(BenchContext context, FigureSet figures, IBrowser operatorBrowser, IBrowser watcherBrowser, string address,
        string timeline, ServerTap tap, Probe probe, string label, int commands, int warmUp)
    {
        await using var consoles = await LiveConsoles.OpenAsync(operatorBrowser, watcherBrowser, address, probe.Services, Sku, timeline);
        var samples = new List<LiveSample>();
        var failures = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double? previousFigure = null;
        for (var i = 0; i < warmUp + commands; i++)
        {
            if (i == warmUp) clock.Restart();
            var quantity = 1 + (i % 9);
            var reference = $"LV{label.Replace(' ', '-')}-{i:D4}";
            probe.Available += quantity;
            var round = await consoles.ReceiveAsync(reference, quantity, probe.Available);
            if (round.Succeeded)
            {
                if (i >= warmUp) samples.Add(LiveSample.From(round, tap.TimesOf(reference), previousFigure));
                previousFigure = round.ProductsSeen;
                continue;
            }
            if (i >= warmUp) failures++;
            context.Log($"live rep {label} command {i}: {round.Describe()}");
            await consoles.CloseDialogAsync();
            probe.Available = await AvailableAsync(probe.Services);
        }
        if (samples.Count == 0) throw new InvalidOperationException($"No receipt reached browser B in repetition {label} ({failures} failures).");
        figures.Collect(samples, failures, commands / clock.Elapsed.TotalSeconds);
        context.Log($"live rep {label}: {samples.Count}/{commands} ok; timeline p50 {Stats.Percentile(samples.Select(s => s.Timeline), 50):F0} ms, "
            + $"p95 {Stats.Percentile(samples.Select(s => s.Timeline), 95):F0} ms; products p50 {Stats.Percentile(samples.Select(s => s.Products), 50):F0} ms, "
            + $"p95 {Stats.Percentile(samples.Select(s => s.Products), 95):F0} ms; load {MachineFacts.LoadAverageNow()}");
    }

    private static async Task SendAsync(IServiceProvider services, IWarehouseCommand command)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExecuteCommand(command, new CommandOptions(User: "bench")));
    }

    private static async Task<int> AvailableAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetStockLevels(new GridRequest(Search: Sku)));
        return page.Items.Single(r => r.Sku == Sku).Available;
    }

    private static void AddNotes(ScenarioResult result, int commands, int warmUp)
    {
        result.Notes.Add($"What is measured: {commands} ReceiveStock commands per repetition (after {warmUp} warm-up), one at a time, each sent "
            + "as an operator would: in browser A (Debian's Chromium driven by Playwright, headless) the Products page's receive-stock "
            + "dialog is opened and filled, then its submit button is clicked: exactly one command per click. The clock starts at that "
            + "click event in A (a capture-phase listener, before Blazor's handler) and stops in browser B, a second Chromium process, when a "
            + "MutationObserver armed before the click sees the change in B's DOM: the receipt's unique reference in a new row of the Timeline "
            + "page (pushed by EventsAppended), and the product's new Available figure in the Products grid (pushed by ReadModelsChanged). "
            + "Both times are Date.now() on the same machine clock (±1 ms); DOM time is before paint (the next frame follows within ~17 ms). "
            + "The next command starts when both watchers have fired and A's dialog has closed; each repetition opens fresh pages.");
        result.Notes.Add("The path: A's click → A's circuit (SignalR WebSocket) → IMediator: validate, load, decide, append (fsync), the four "
            + "projections caught up in the command's flow → LiveBroadcaster → LiveFeed (in process) → the CircuitLiveFeed of B's circuit "
            + "→ the component re-renders (Timeline: prepends the event; Products: ReadModelWatch, then a keyed lookup of the changed SKUs patched into the shown rows) → "
            + "render batch over B's circuit → B's DOM. The breakdown times the server half from a plain SignalR client on LiveHub in the "
            + $"benchmark process (the broadcaster hands LiveHub the same messages it hands B's circuit): RecordedAt is stamped inside the append; LiveBroadcaster sends at most "
            + $"one message of each kind per {LiveBroadcaster.Interval.TotalMilliseconds:F0} ms; ReadModelWatch debounces a view's reload by "
            + $"{ReadModelWatch.DefaultDebounce.TotalMilliseconds:F0} ms. Failures are rounds where A's dialog refused the command or a "
            + $"watcher saw nothing within {LiveConsoles.TimeoutMs / 1000} s.");
        result.Notes.Add("Coalescing: LiveBroadcaster and each view's ReadModelWatch use a leading-edge window (SendWindow): the first change "
            + "after a quiet window goes out at once, changes that follow within the window go together at its end. So an isolated command "
            + "(this loop sends one at a time) does not wait for a tick, while a burst still costs at most one EventsAppended and one "
            + "ReadModelsChanged message per 100 ms and one view reload per 250 ms. Before this change the broadcaster always waited a "
            + "100 ms tick after a commit and every view a further 250 ms before reloading: about 350 ms of waiting by design on the Products path. An A/B run on this machine (200 commands each, load average 8–16): "
            + "before, Timeline p50 139 ms / p95 234 ms and Products p50 424 ms / p95 538 ms; after, Timeline p50 46 ms / p95 175 ms and "
            + "Products p50 104 ms / p95 203 ms.");
        result.Notes.Add("Keyed refresh: ReadModelsChanged names the changed rows (up to 500, else \"everything\"). The Products grid and "
            + "the Dashboard's stock table look up just those rows by key (GetStockLevelsByKeys) and replace them in place when every changed "
            + "row is on the page and keeps its place under the page's sort and filters; a row not on the page, gone or moved, \"everything\", "
            + "more than 25 rows, or a load in progress still reload the page (at most once per 250 ms). The broadcaster writes a read-model "
            + "change to the connections on the projection's own thread right after the read-side commit when its window is open. A/B on "
            + "this machine (80 commands per run, load average 18–52, before / after in the same rotation): Products ÷ Timeline p50 went "
            + "from 2.5× to 1.6×; in the quietest pair Products went from p50 180 / p95 450 ms to p50 112 / p95 259 ms, and B's part (stock "
            + "message → figure in the DOM) from p50 65 to 38 ms, against 20 / 17 ms for the Timeline row in the same runs.");
        result.Notes.Add($"Under load (issue 17): the same repetitions again while {BackgroundRate} commands a second (ReceiveStock on 20 products of "
            + "their own, never the probe's) go through the app's mediator from 8 senders on one schedule (BackgroundCommands); the rate they "
            + "reached and their failures are reported. B's Timeline is then filtered to the probe's stream (an unfiltered one takes 500 "
            + "rows a second and scrolls the probe's row away); the broadcaster still carries every background event.");
        result.Notes.Add("What limits it: the Timeline path is the command itself (A's circuit, validation, load, decide, the append's fsync "
            + "at synchronous=FULL) plus two SignalR hops (LiveHub to B's circuit over loopback, then B's render batch to B's browser). The "
            + "Products path waits in addition for the StockLevels projection, which catches up in the command's own flow after the append "
            + "(its commit comes 10–20 ms after the append's stamp at p50), then for one keyed lookup and a re-render of the grid's rows on "
            + "the server (only the changed cells reach the browser). All of it shares two cores with the two Chromium processes (three "
            + "renderers), Playwright's driver and, on this machine, other builds: the load average is logged with every repetition, and "
            + "the tail (p95, max) follows it.");
    }

    /// <summary>Each figure's per-repetition values, in the order they are reported.</summary>
    private sealed class FigureSet
    {
        private static readonly double Window = ReadModelWatch.DefaultDebounce.TotalMilliseconds;

        private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);

        public void Collect(List<LiveSample> samples, int failures, double commandsPerSecond)
        {
            foreach (var (name, values) in new (string, IEnumerable<double?>)[]
            {
                (Timeline, samples.Select(s => (double?)s.Timeline)),
                (Products, samples.Select(s => (double?)s.Products)),
                ("click in A → A's dialog closed (the command's round trip)", samples.Select(s => (double?)s.DialogClosed)),
                ("click in A → event stamped in the append (RecordedAt)", samples.Select(s => s.Stamped)),
                ("click in A → StockLevels projection committed (its ReadModelsChanged raised in the app)", samples.Select(s => s.StockCommitted)),
                ("click in A → EventsAppended at a SignalR client", samples.Select(s => s.EventsPushed)),
                ("click in A → StockLevels ReadModelsChanged at a SignalR client", samples.Select(s => s.StockPushed)),
                ("StockLevels committed → its ReadModelsChanged at a SignalR client (broadcaster, hub)", samples.Select(s => s.StockPushAfterCommit)),
                ("StockLevels committed → its change at an in-process LiveFeed subscriber (broadcaster, feed; B's circuit's way in)", samples.Select(s => s.StockFedAfterCommit)),
                ("EventsAppended at a SignalR client → row in B's DOM", samples.Select(s => s.TimelineAfterPush)),
                ("StockLevels change at a SignalR client → figure in B's DOM", samples.Select(s => s.ProductsAfterPush)),
                ("StockLevels change at an in-process LiveFeed subscriber → figure in B's DOM (B's circuit, keyed lookup, render, browser)", samples.Select(s => s.ProductsAfterFeed)),
                ($"{Products}, rounds clicked within {Window:F0} ms of the previous figure", samples.Where(s => s.SincePreviousFigure < Window).Select(s => (double?)s.Products)),
                ($"{Products}, rounds clicked later than that", samples.Where(s => s.SincePreviousFigure >= Window).Select(s => (double?)s.Products)),
                ("previous figure on B's Products grid → this click in A (the loop's gap; under ReadModelWatch's window the view waits out its rest)", samples.Select(s => s.SincePreviousFigure)),
            })
            {
                var seen = values.OfType<double>().ToList();
                foreach (var p in new[] { 50, 95, 99, 100 })
                    Add($"{name}|{p}", seen.Count == 0 ? double.NaN : Stats.Percentile(seen, p));
            }
            Add("failures", failures);
            Add("rate", commandsPerSecond);
        }

        /// <summary>The background load reached while these repetitions ran.</summary>
        public void Background(double perSecond, long failed)
        {
            Add("background", perSecond);
            Add("background failures", failed);
        }

        public void Report(ScenarioResult result, int commands, string suffix)
        {
            foreach (var name in new[] { Timeline, Products })
            {
                result.Add(Fig($"{name}{suffix}, p50", $"{name}|50"));
                var p95 = result.Add(Fig($"{name}{suffix}, p95", $"{name}|95"));
                result.Add(Fig($"{name}{suffix}, p99", $"{name}|99"));
                result.Add(Fig($"{name}{suffix}, max", $"{name}|100"));
                if (suffix.Length > 0) continue; // issue 17 asks for the loaded figures reported, with no target of their own
                result.Targets.Add(new TargetCheck("p95", p95, 100, $"p95 ≤ 100 ms, {name}"));
                result.Targets.Add(new TargetCheck("p95 (issue 17)", p95, 50, $"p95 ≤ 50 ms when the system is otherwise quiet, {name}"));
            }
            if (suffix.Length == 0)
            {
                result.Add(Figure.Of("commands sent per repetition (after warm-up)", "commands", [commands]));
                result.Add(Figure.Of("failed rounds per repetition", "rounds", _values["failures"], higherIsBetter: false));
                result.Add(Figure.Of("commands per second, one at a time (pace of the loop)", "commands/s", _values["rate"]));
            }
            else
            {
                result.Add(Figure.Of($"failed rounds per repetition{suffix}", "rounds", _values["failures"], higherIsBetter: false));
                result.Add(Figure.Of("background commands completed per second (target 500)", "commands/s", _values["background"]));
                result.Add(Figure.Of("background commands failed", "commands", _values["background failures"], higherIsBetter: false));
            }
            foreach (var key in _values.Keys.Where(k => k.Contains('|')).Select(k => k.Split('|')[0]).Distinct().Skip(2))
            {
                result.Breakdown.Add(Fig($"{key}{suffix}, p50", $"{key}|50"));
                result.Breakdown.Add(Fig($"{key}{suffix}, p95", $"{key}|95"));
            }
            if (suffix.Length == 0)
                result.Comparisons.Add(new Comparison("p50: event on B's Timeline / EventsAppended at a plain SignalR client (what the browser leg adds)",
                    Fig("timeline", $"{Timeline}|50"), Fig("push", "click in A → EventsAppended at a SignalR client|50")));
        }

        public Figure P95(string name) => Fig(name, $"{name}|95");

        private Figure Fig(string name, string key) => Figure.Of(name, "ms", _values[key], higherIsBetter: false);

        private void Add(string key, double value)
        {
            if (!_values.TryGetValue(key, out var list)) _values[key] = list = [];
            list.Add(value);
        }
    }
}
