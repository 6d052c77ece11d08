using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Compensation;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Replay;
using Microsoft.Extensions.DependencyInjection;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Replay;

/// <summary>Guided undo: the preview equals the state after execution; what cannot be compensated says why.</summary>
public sealed class CompensationTests
{
    private static async Task<TestHost> WarehouseAsync()
    {
        var host = await TestHost.StartAsync(TestHostOptions.Replay());
        await host.SendAsync(new RegisterProduct("BOLT", "Bolt", 2m));
        await host.SendAsync(new RegisterProduct("NUT", "Nut", 1m));
        await host.SendAsync(new ReceiveStock("BOLT", 100, "PO-1"));
        await host.SendAsync(new ReceiveStock("NUT", 50, "PO-2"));
        return host;
    }

    [Fact]
    public async Task CancellingAPlacedOrderIsProposedAndThePreviewEqualsTheStateAfterExecution()
    {
        await using var host = await WarehouseAsync();
        await host.SendAsync(new PlaceOrder("O-1", "ACME", [new OrderLineRequest("BOLT", 30), new OrderLineRequest("NUT", 5)]), new CommandOptions(CorrelationId: "corr-o1"));

        var preview = await host.SendAsync(m => m.Send(new PreviewCompensation("corr-o1")));
        var results = await host.SendAsync(m => m.Send(new CompensateCommand("corr-o1", "undo in a test")));
        await WaitForReadModelsAsync(host, results[^1].LastPosition);
        var actual = await host.Services.GetRequiredService<ReplayAsOf>().AllAsync(results[^1].LastPosition, CancellationToken.None);

        var proposal = Assert.Single(preview.Plan.Proposals);
        Assert.Equal(new CancelOrder("O-1", "Compensation of the order's placement"), proposal.Command);
        Assert.Equal(["ReservationReleased", "ReservationReleased", "OrderCancelled"], preview.PlannedEvents.Select(e => e.Type));
        Assert.Equal(Business(Rows<StockLevel>(preview, StockLevelsProjection.ProjectionName)), Business(actual[StockLevelsProjection.ProjectionName].Rows.Cast<StockLevel>()));
        Assert.Equal("Cancelled", Rows<OrderSummary>(preview, OrderSummariesProjection.ProjectionName).Single(o => o.OrderId == "O-1").Status);
        Assert.Equal("Cancelled", actual[OrderSummariesProjection.ProjectionName].Rows.Cast<OrderSummary>().Single().Status);
    }

    [Fact]
    public async Task ACompensationRecordsItsCausationAsTheOriginalCommand()
    {
        await using var host = await WarehouseAsync();
        var original = await host.SendAsync(new AdjustStock("BOLT", -7, "damaged"), new CommandOptions(CorrelationId: "corr-adj"));

        var results = await host.SendAsync(m => m.Send(new CompensateCommand("corr-adj", "undo in a test")));

        var events = await host.Services.GetRequiredService<EventReader>().ReadCorrelationAsync("corr-adj");
        var compensation = events.Single(e => e.Position == results.Single().LastPosition);
        Assert.Equal(new StockAdjusted("BOLT", 7, "Reverse adjustment: damaged"), compensation.Data);
        Assert.Equal(original.CommandId, compensation.Metadata.CausationId);
        Assert.Equal("corr-adj", compensation.Metadata.CorrelationId);
        Assert.Equal("AdjustStock", compensation.Metadata.CommandName);
    }

    [Fact]
    public async Task APriceChangeIsUndoneByRestoringThePreviousPrice()
    {
        await using var host = await WarehouseAsync();
        await host.SendAsync(new ChangePrice("BOLT", 3.5m), new CommandOptions(CorrelationId: "corr-price"));

        var preview = await host.SendAsync(m => m.Send(new PreviewCompensation("corr-price")));

        Assert.Equal(new ChangePrice("BOLT", 2m), Assert.Single(preview.Plan.Proposals).Command);
        Assert.Equal(2m, Rows<StockLevel>(preview, StockLevelsProjection.ProjectionName).Single(s => s.Sku == "BOLT").Price);
    }

    [Fact]
    public async Task ADiscontinuationIsUndoneByReactivatingTheProduct()
    {
        await using var host = await WarehouseAsync();
        await host.SendAsync(new DiscontinueProduct("BOLT"), new CommandOptions(CorrelationId: "corr-disc"));

        var preview = await host.SendAsync(m => m.Send(new PreviewCompensation("corr-disc")));
        var results = await host.SendAsync(m => m.Send(new CompensateCommand("corr-disc", "undo in a test")));

        Assert.Equal(new ReactivateProduct("BOLT"), Assert.Single(preview.Plan.Proposals).Command);
        Assert.False(Rows<StockLevel>(preview, StockLevelsProjection.ProjectionName).Single(s => s.Sku == "BOLT").Discontinued);
        var events = await host.Reader.ReadCorrelationAsync("corr-disc");
        var reactivated = events.Single(e => e.Position == Assert.Single(results).LastPosition);
        Assert.Equal(new ProductReactivated("BOLT"), reactivated.Data);
        Assert.Equal("ReactivateProduct", reactivated.Metadata.CommandName);
    }

    [Fact]
    public async Task AShippedOrderCannotBeCompensatedAndTheRefusalSaysWhy()
    {
        await using var host = await WarehouseAsync();
        await host.SendAsync(new PlaceOrder("O-2", "ACME", [new OrderLineRequest("BOLT", 3)]), new CommandOptions(CorrelationId: "corr-o2"));
        await host.SendAsync(new PayOrder("O-2", 6m, "PAY-1"));
        await host.SendAsync(new ShipOrder("O-2", "DHL", "TRK"));
        var eventsBefore = (await host.Services.GetRequiredService<EventReader>().ReadAllAsync(0, int.MaxValue)).Count;

        var preview = await host.SendAsync(m => m.Send(new PreviewCompensation("corr-o2")));
        var refused = await Assert.ThrowsAsync<DomainException>(async () => await host.SendAsync(m => m.Send(new CompensateCommand("corr-o2", "undo in a test"))));

        Assert.False(preview.Plan.CanCompensate);
        Assert.Contains("already shipped", Assert.Single(preview.Plan.Refusals));
        Assert.Equal(DomainErrorKind.BusinessRule, refused.Kind);
        Assert.Contains("already shipped", refused.Message);
        Assert.Equal(eventsBefore, (await host.Services.GetRequiredService<EventReader>().ReadAllAsync(0, int.MaxValue)).Count);
    }

    [Fact]
    public async Task AnUnknownCorrelationIdIsNotFound()
    {
        await using var host = await WarehouseAsync();

        var error = await Assert.ThrowsAsync<DomainException>(async () => await host.SendAsync(m => m.Send(new PreviewCompensation("nope"))));

        Assert.Equal(DomainErrorKind.NotFound, error.Kind);
    }

    /// <summary>The rows the preview says will change or appear.</summary>
    private static IEnumerable<T> Rows<T>(CompensationPreview preview, string projection)
    {
        var diff = preview.Effect!.ReadModels.Single(m => m.Projection == projection);
        return diff.Changed.Select(c => (T)c.To).Concat(diff.Added.Cast<T>());
    }

    private static List<(string, int, int, int, decimal)> Business(IEnumerable<StockLevel> rows) =>
        rows.OrderBy(r => r.Sku).Select(r => (r.Sku, r.OnHand, r.Reserved, r.Available, r.Price)).ToList();

    private static async Task WaitForReadModelsAsync(TestHost host, long position) =>
        await host.Services.GetRequiredService<ReadYourWrites>().WaitAsync(position, null, TimeSpan.FromSeconds(10), CancellationToken.None);
}
