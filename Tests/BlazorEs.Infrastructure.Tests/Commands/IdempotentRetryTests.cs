using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Commands;

public abstract class IdempotentRetryTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task ARetriedRegistrationGetsTheFirstResultThoughTheProductNowExists()
    {
        await using var host = await StartAsync();
        var options = new CommandOptions(CommandId: "register-1");

        var first = await host.SendAsync(new RegisterProduct("BOLT-M8", "Hex bolt M8", 8.90m), options);
        var retry = await host.SendAsync(new RegisterProduct("BOLT-M8", "Hex bolt M8", 8.90m), options);

        Assert.False(first.Duplicate);
        Assert.Equal(first with { Duplicate = true }, retry with { Streams = first.Streams });
        Assert.Equal(first.Streams, retry.Streams);
        Assert.Equal(1, await host.CountEventsAsync());
    }

    [Fact]
    public async Task ARetriedPaymentGetsTheFirstResultThoughTheOrderIsPaid()
    {
        await using var host = await StartAsync();
        await host.SendAsync(new RegisterProduct("BOLT-M8", "Hex bolt M8", 8.90m));
        await host.SendAsync(new ReceiveStock("BOLT-M8", 5, "PO-1"));
        await host.SendAsync(new PlaceOrder("SO-1", "Acme", [new OrderLineRequest("BOLT-M8", 1)]));
        var pay = new PayOrder("SO-1", 8.90m, "CARD-1");

        var first = await host.SendAsync(pay, new CommandOptions(CommandId: "pay-1"));
        var retry = await host.SendAsync(pay, new CommandOptions(CommandId: "pay-1", ExpectedVersion: 1));

        Assert.True(retry.Duplicate);
        Assert.Equal(first.LastPosition, retry.LastPosition);
        Assert.Equal(first.Streams, retry.Streams);
        Assert.Equal(5, await host.CountEventsAsync());
    }

    [Fact]
    public async Task ARefusedCommandThatNeverCommittedIsStillRefused()
    {
        await using var host = await StartAsync();
        await host.SendAsync(new RegisterProduct("BOLT-M8", "Hex bolt M8", 8.90m), new CommandOptions(CommandId: "register-1"));

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            host.SendAsync(new RegisterProduct("BOLT-M8", "Another bolt", 1m), new CommandOptions(CommandId: "register-2")));

        Assert.Equal(DomainErrorKind.Conflict, refused.Kind);
        Assert.Equal(1, await host.CountEventsAsync());
    }
}

public sealed class IdempotentRetryTestsOnSqlite() : IdempotentRetryTests(DatabaseProvider.Sqlite);

public sealed class IdempotentRetryTestsOnPostgreSql() : IdempotentRetryTests(DatabaseProvider.PostgreSql);
