using BlazorEs.App.Components.Pages.Replay;
using BlazorEs.App.Tests.Support;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using Bunit;

namespace BlazorEs.App.Tests.Components.Replay;

public sealed class CompensateDialogTests : IAsyncLifetime
{
    /// <summary>Each wait is for a real replay over SQLite; under a parallel test run that can take more than bUnit's default second.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private ConsoleContext _console = default!;

    public async ValueTask InitializeAsync() => _console = await ConsoleContext.StartAsync();

    public ValueTask DisposeAsync() => _console.DisposeAsync();

    /// <summary>O-1 is placed, paid and shipped; O-2 is only placed. Returns the position right after each placement.</summary>
    private async Task<(long Shipped, long Placed)> SeedAsync()
    {
        await _console.SendAsync(new RegisterProduct("A1", "Anvil", 10m));
        await _console.SendAsync(new ReceiveStock("A1", 50, "PO-1"));
        var shipped = await _console.SendAsync(new PlaceOrder("O-1", "Ada", [new OrderLineRequest("A1", 2)]), correlationId: "place-o1");
        await _console.SendAsync(new PayOrder("O-1", 20m, "PAY-1"));
        await _console.SendAsync(new ShipOrder("O-1", "DHL", "T-1"));
        var placed = await _console.SendAsync(new PlaceOrder("O-2", "Bo", [new OrderLineRequest("A1", 3)]), correlationId: "place-o2");
        return (shipped.LastPosition, placed.LastPosition);
    }

    private IRenderedComponent<ReplayPage> OpenDialogAt(long position)
    {
        var page = _console.RenderPage<ReplayPage>($"/replay?position={position}");
        page.WaitForAssertion(() => Assert.Contains("PlaceOrder", page.Find("[data-testid=replay-event]").TextContent), Patience);
        page.Find("[data-testid=compensate-open]").Click();
        return page;
    }

    [Fact]
    public async Task AShippedOrderIsRefusedWithTheReasonAndCannotBeConfirmed()
    {
        var (shipped, _) = await SeedAsync();

        OpenDialogAt(shipped);

        var root = _console.Root;
        root.WaitForAssertion(() => Assert.Contains("already shipped", root.Find("[data-testid=compensate-refusal]").TextContent), Patience);
        Assert.Empty(root.FindAll("[data-testid=compensate-proposal]"));
        Assert.True(root.Find("[data-testid=compensate-confirm]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task APlacedOrderIsProposedForCancellationWithItsEffectAndConfirmingRunsIt()
    {
        var (_, placed) = await SeedAsync();

        var page = OpenDialogAt(placed);

        var root = _console.Root;
        root.WaitForAssertion(() => Assert.Contains("Cancel order O-2", root.Find("[data-testid=compensate-proposal]").TextContent), Patience);
        Assert.Empty(root.FindAll("[data-testid=compensate-refusal]"));
        Assert.Contains(root.FindAll("[data-testid=diff-figure]"), f => f.TextContent.Contains("Orders Cancelled: 0 → 1"));
        Assert.True(root.Find("[data-testid=compensate-confirm]").HasAttribute("disabled")); // no reason yet
        root.Find("[data-testid=compensate-reason]").Input("customer withdrew the order");
        root.WaitForAssertion(() => Assert.False(root.Find("[data-testid=compensate-confirm]").HasAttribute("disabled")), Patience);

        root.Find("[data-testid=compensate-confirm]").Click();

        root.WaitForAssertion(() => Assert.Contains("Compensation done: 1 command(s) run.", root.Markup), Patience);
        root.WaitForAssertion(() => Assert.Empty(root.FindAll("[data-testid=compensate-dialog]")), Patience);
        var after = await _console.SummariesAfterAsync(placed);
        Assert.Contains(after, e => e.Type.Contains("OrderCancelled", StringComparison.Ordinal));
        Assert.Contains(after, e => e.Type.Contains("CommandCompensated", StringComparison.Ordinal));

        // The original command now says it was compensated, and the dialog offers nothing more.
        root.WaitForAssertion(() => Assert.Contains("customer withdrew the order", root.Find("[data-testid=compensated-by]").TextContent), Patience);
        page.Find("[data-testid=compensate-open]").Click();
        root.WaitForAssertion(() => Assert.Contains("already compensated", root.Find("[data-testid=compensate-done]").TextContent), Patience);
        Assert.True(root.Find("[data-testid=compensate-confirm]").HasAttribute("disabled"));
    }
}
