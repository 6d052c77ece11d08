using BlazorEs.Benchmarks.Suite;
using System.Globalization;
using Microsoft.Playwright;

namespace BlazorEs.Benchmarks.Live;

/// <summary>What one receipt's round produced: Unix ms of each moment, null where a probe timed out, negative where it saw something wrong.</summary>
public sealed record LiveRound(double? Clicked, double? DialogClosed, double? TimelineSeen, double? ProductsSeen)
{
    public bool Succeeded => Clicked is > 0 && DialogClosed is > 0 && TimelineSeen is > 0 && ProductsSeen is > 0;

    public string Describe() =>
        $"clicked {Clicked?.ToString(CultureInfo.InvariantCulture) ?? "never"}, dialog {Describe(DialogClosed)}, timeline {Describe(TimelineSeen)}, products {Describe(ProductsSeen)}";

    private static string Describe(double? time) => time switch
    {
        null => "timed out",
        -1 => "refused",
        -2 => "already showed it",
        _ => "ok",
    };
}

/// <summary>
/// One repetition's consoles: the operator's Products page in browser A; the Timeline and the Products page watched in
/// browser B, a second browser process (two contexts, so two circuits). Every page is a real Blazor circuit with its own
/// connection to LiveHub, exactly as an operator's console.
/// </summary>
public sealed class LiveConsoles : IAsyncDisposable
{
    public const int TimeoutMs = 10_000;
    private static readonly LocatorAssertionsToHaveTextOptions Slowly = new() { Timeout = 60_000 };

    private readonly List<IBrowserContext> _contexts;
    private readonly IPage _operator;
    private readonly IPage _timeline;
    private readonly IPage _products;
    private readonly string _sku;

    private LiveConsoles(List<IBrowserContext> contexts, IPage @operator, IPage timeline, IPage products, string sku)
    {
        _contexts = contexts;
        _operator = @operator;
        _timeline = timeline;
        _products = products;
        _sku = sku;
    }

    public static async Task<LiveConsoles> OpenAsync(IBrowser operatorBrowser, IBrowser watcherBrowser, string address, IServiceProvider services, string sku, string timeline = "/timeline")
    {
        var contexts = new List<IBrowserContext>
        {
            await operatorBrowser.NewContextAsync(Chromium.Laptop),
            await watcherBrowser.NewContextAsync(Chromium.Laptop),
            await watcherBrowser.NewContextAsync(Chromium.Laptop),
        };
        // Each console signs in first, as a person would: the operator and two watchers.
        string[] users = ["bench-operator", "bench-watcher-1", "bench-watcher-2"];
        foreach (var (context, user) in contexts.Zip(users))
        {
            var page = await context.NewPageAsync();
            await BenchSignIn.SignInAsync(page, address, services, user);
            await page.CloseAsync();
        }
        var consoles = new LiveConsoles(contexts,
            await OpenLiveAsync(contexts[0], address + "/products"),
            await OpenLiveAsync(contexts[1], address + timeline),
            await OpenLiveAsync(contexts[2], address + "/products"),
            sku);
        await consoles._operator.GetByTestId($"receive-{sku}").WaitForAsync(new() { Timeout = 60_000 });
        await consoles._products.GetByTestId($"available-{sku}").WaitForAsync(new() { Timeout = 60_000 });
        await consoles._timeline.GetByTestId("timeline-row").First.WaitForAsync(new() { Timeout = 60_000 });
        await consoles._operator.EvaluateAsync(PageProbes.InstallClickClock);
        return consoles;
    }

    /// <summary>
    /// Receives <paramref name="quantity"/> through the operator's dialog as a user would, and times the click until
    /// the receipt's reference shows on B's Timeline and B's Products grid shows <paramref name="expectedAvailable"/>.
    /// </summary>
    public async Task<LiveRound> ReceiveAsync(string reference, int quantity, int expectedAvailable)
    {
        await _operator.GetByTestId($"receive-{_sku}").ClickAsync();
        var dialog = _operator.Locator(".mud-dialog[data-testid='receive-stock-dialog'], .mud-dialog:has([data-testid='receive-stock-dialog'])");
        await Field(dialog, "field-quantity").FillAsync(quantity.ToString(CultureInfo.InvariantCulture));
        await Field(dialog, "field-reference").FillAsync(reference);

        // Watchers first, so nothing the click causes can happen before they listen.
        await _timeline.EvaluateAsync(PageProbes.ArmTextWatch,
            new { selector = "[data-testid='timeline-list']", expected = reference, exact = false, timeoutMs = TimeoutMs });
        await _products.EvaluateAsync(PageProbes.ArmTextWatch,
            new { selector = $"[data-testid='available-{_sku}']", expected = expectedAvailable.ToString(CultureInfo.InvariantCulture), exact = true, timeoutMs = TimeoutMs });
        await _operator.EvaluateAsync(PageProbes.ArmDialogClosed, TimeoutMs);

        await dialog.GetByTestId("dialog-submit").ClickAsync();

        var done = await Task.WhenAll(
            _operator.EvaluateAsync<double?>(PageProbes.Done),
            _timeline.EvaluateAsync<double?>(PageProbes.Done),
            _products.EvaluateAsync<double?>(PageProbes.Done));
        var clicked = await _operator.EvaluateAsync<double?>(PageProbes.Clicked);
        return new LiveRound(clicked, done[0], done[1], done[2]);
    }

    /// <summary>After a failed round: close a dialog left open, so the next round starts clean.</summary>
    public async Task CloseDialogAsync()
    {
        var cancel = _operator.Locator(".mud-dialog [data-testid='dialog-cancel']");
        if (await cancel.CountAsync() > 0) await cancel.First.ClickAsync(new() { Timeout = 5_000 });
        await _operator.Locator(".mud-dialog").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 10_000 });
    }

    private static async Task<IPage> OpenLiveAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        // Clicks made before the circuit and its live connection are up are lost: wait for the console's "Live" chip.
        await Assertions.Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live", Slowly);
        return page;
    }

    /// <summary>MudBlazor puts data-testid on the inner input for some inputs and on the wrapper for others.</summary>
    private static ILocator Field(ILocator scope, string testId) =>
        scope.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
    }
}
