using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Operations;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Infrastructure.Tests.Projections.Parking;

/// <summary>Operators retry or skip a parked projection through the mediator; each action is audited with who, when and why.</summary>
public abstract class OperatorActionTests(DatabaseProvider provider) : BothProviders(provider)
{
    private const string Alerts = LowStockAlertsProjection.ProjectionName;

    /// <summary>The app's host with a LowStockAlerts release that chokes on poisoned adjustments.</summary>
    private async Task<(TestHost Host, PoisonedProjection<LowStockAlert> Poison)> StartPoisonedAsync()
    {
        var poison = new PoisonedProjection<LowStockAlert>(new LowStockAlertsProjection(new ReadModelOptions()));
        var host = await StartAsync(
            new Dictionary<string, string?> { ["Projections:MaxAttempts"] = "1" },
            services =>
            {
                services.Remove(services.Single(d => d.ServiceType == typeof(IProjection) && d.ImplementationInstance is LowStockAlertsProjection));
                services.AddSingleton<IProjection>(poison);
            });
        return (host, poison);
    }

    private static async Task<long> PoisonAsync(TestHost host, int delta)
    {
        var result = await host.ExecuteAsync(new AdjustStock("A", delta, PoisonedProjection<LowStockAlert>.Reason));
        await host.Projections[Alerts].Live.CatchUpAsync(TestContext.Current.CancellationToken);
        return result.LastPosition;
    }

    private static async Task<int> AvailableAsync(TestHost host, string sku)
    {
        var alerts = await host.QueryAsync(new GetLowStockAlerts(ActiveOnly: false));
        return alerts.Single(a => a.Sku == sku).Available;
    }

    [Fact]
    public async Task RetryAndSkipThroughTheMediatorWorkOnTheParkedProjectionAndAreAuditedWithWhoWhenAndWhy()
    {
        var (host, poison) = await StartPoisonedAsync();
        await using var _ = host;
        var started = DateTime.UtcNow;
        await host.ExecuteAsync(new RegisterProduct("A", "Anvil", 10m));
        await host.ExecuteAsync(new ReceiveStock("A", 20, "PO-1"));
        var first = await PoisonAsync(host, -3);

        var statuses = (await host.QueryAsync(new GetProjectionStatuses())).ToDictionary(s => s.Name);
        Assert.Equal((ProjectionState.Parked, (long?)first), (statuses[Alerts].State, statuses[Alerts].ParkedAt));
        Assert.Contains("The adjustment of A by -3 cannot be handled.", statuses[Alerts].LastError);
        Assert.Equal(ProjectionState.Live, statuses[StockLevelsProjection.ProjectionName].State);

        var tooSoon = await host.SendAsync(new RetryProjection(Alerts, "maybe it was transient", first), user: "carol");
        Assert.Equal(new OperatorActionResult(Alerts, "retry", first, $"{Alerts} failed again and is parked at {first}."), tooSoon);

        poison.Poisoned = false;
        var retried = await host.SendAsync(new RetryProjection(Alerts, "fix 1.2.3 deployed", first), user: "carol");
        Assert.Equal(new OperatorActionResult(Alerts, "retry", first, $"{Alerts} applied position {first} and is Live."), retried);
        Assert.Equal(17, await AvailableAsync(host, "A"));

        poison.Poisoned = true;
        var second = await PoisonAsync(host, -2);
        var skipped = await host.SendAsync(new SkipProjectionEvent(Alerts, "count corrected by hand", second), user: "carol");
        Assert.Equal(new OperatorActionResult(Alerts, "skip", second, $"{Alerts} skipped StockAdjusted at position {second}."), skipped);
        Assert.Equal(17, await AvailableAsync(host, "A"));
        Assert.Equal(15, (await host.QueryAsync(new GetStockLevels(new GridRequest()))).Items.Single().Available);
        var after = await host.Projections[Alerts].StatusAsync(TestContext.Current.CancellationToken);
        Assert.Equal((ProjectionState.Live, (long?)null), (after.State, after.ParkedAt));

        var audit = await host.Reader.ReadStreamAsync(OperatorStreams.Audit, ct: TestContext.Current.CancellationToken);
        Assert.Equal<object>(
        [
            new ProjectionRetried(Alerts, first, "maybe it was transient"),
            new ProjectionRetried(Alerts, first, "fix 1.2.3 deployed"),
            new ProjectionEventSkipped(Alerts, second, "StockAdjusted", "count corrected by hand"),
        ], audit.Select(e => e.Data));
        Assert.Equal(["RetryProjection", "RetryProjection", "SkipProjectionEvent"], audit.Select(e => e.Metadata.CommandName));
        Assert.All(audit, e =>
        {
            Assert.Equal("carol", e.Metadata.UserId);
            Assert.InRange(e.RecordedAt, started, DateTime.UtcNow);
        });
    }

    [Fact]
    public async Task RetryAndSkipOfAProjectionThatIsNotParkedAreRefusedAndAuditNothing()
    {
        var (host, _) = await StartPoisonedAsync();
        await using var __ = host;
        await host.ExecuteAsync(new RegisterProduct("A", "Anvil", 10m));

        var retry = await Assert.ThrowsAsync<DomainException>(() => host.SendAsync(new RetryProjection(Alerts, "why not", 1), "carol"));
        var skip = await Assert.ThrowsAsync<DomainException>(() => host.SendAsync(new SkipProjectionEvent(Alerts, "why not", 1), "carol"));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => host.SendAsync(new SkipProjectionEvent("Nope", "why not", 1), "carol"));
        var noReason = await Assert.ThrowsAsync<DomainException>(() => host.SendAsync(new RetryProjection(Alerts, " ", 1), "carol"));

        Assert.Equal((DomainErrorKind.BusinessRule, DomainErrorKind.BusinessRule, DomainErrorKind.NotFound), (retry.Kind, skip.Kind, unknown.Kind));
        Assert.Equal(DomainErrorKind.Validation, noReason.Kind);
        Assert.Contains("reason", noReason.FieldErrors.Keys);
        Assert.Empty(await host.Reader.ReadStreamAsync(OperatorStreams.Audit, ct: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ASkipOrRetryNamingAnotherPositionThanTheParkedOneIsAConflictAndAuditsNothing()
    {
        var (host, _) = await StartPoisonedAsync();
        await using var __ = host;
        await host.ExecuteAsync(new RegisterProduct("A", "Anvil", 10m));
        await host.ExecuteAsync(new ReceiveStock("A", 20, "PO-1"));
        var parked = await PoisonAsync(host, -3);

        var skip = await Assert.ThrowsAsync<DomainException>(() => host.SendAsync(new SkipProjectionEvent(Alerts, "wrong one", parked - 1), "carol"));
        var retry = await Assert.ThrowsAsync<DomainException>(() => host.SendAsync(new RetryProjection(Alerts, "wrong one", parked + 1), "carol"));

        Assert.Equal((DomainErrorKind.Conflict, DomainErrorKind.Conflict), (skip.Kind, retry.Kind));
        Assert.Contains($"parked at position {parked}", skip.Message);
        Assert.Equal(parked, (await host.Projections[Alerts].StatusAsync(TestContext.Current.CancellationToken)).ParkedAt);
        Assert.Empty(await host.Reader.ReadStreamAsync(OperatorStreams.Audit, ct: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TwoConcurrentSkipsOfTheParkedEventSkipItOnceAndTheAuditNamesExactlyThatPosition()
    {
        var (host, _) = await StartPoisonedAsync();
        await using var __ = host;
        await host.ExecuteAsync(new RegisterProduct("A", "Anvil", 10m));
        await host.ExecuteAsync(new ReceiveStock("A", 20, "PO-1"));
        var first = await PoisonAsync(host, -3);
        await host.ExecuteAsync(new AdjustStock("A", -1, PoisonedProjection<LowStockAlert>.Reason)); // parked behind the first

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try
            {
                await host.SendAsync(new SkipProjectionEvent(Alerts, $"skip {i}", first), $"op{i}");
                return (DomainErrorKind?)null;
            }
            catch (DomainException e)
            {
                return e.Kind;
            }
        })));

        Assert.Single(attempts, a => a is null);
        var audit = await host.Reader.ReadStreamAsync(OperatorStreams.Audit, ct: TestContext.Current.CancellationToken);
        var skipped = Assert.IsType<ProjectionEventSkipped>(Assert.Single(audit).Data);
        Assert.Equal(first, skipped.Position);
        Assert.Equal(first + 1, (await host.Projections[Alerts].StatusAsync(TestContext.Current.CancellationToken)).ParkedAt);
    }
}

public sealed class OperatorActionTestsOnSqlite() : OperatorActionTests(DatabaseProvider.Sqlite);

public sealed class OperatorActionTestsOnPostgreSql() : OperatorActionTests(DatabaseProvider.PostgreSql);
