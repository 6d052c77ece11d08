using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain;
using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Infrastructure.Tests.Commands;

/// <summary>
/// A command decides on the state its instance cached after its own last append, without reading the store. Two app
/// instances on one SQLite file show that a stream the other instance appended to since is never appended to on
/// stale state: the expected version catches it and the command is decided again on the stored stream.
/// </summary>
public abstract class CachedDecisionTests(DatabaseProvider provider) : BothProviders(provider)
{
    private const string Sku = "BOLT-M8";

    [Fact]
    public async Task ACommandOnAStreamAnotherInstanceAppendedToSinceIsDecidedAgainOnTheStoredStream()
    {
        await using var first = await StartAsync();
        await using var second = await first.StartAnotherInstanceAsync();
        await first.SendAsync(new RegisterProduct(Sku, "Hex bolt M8", 8.90m));
        await first.SendAsync(new ReceiveStock(Sku, 5, "PO-1"));
        await second.SendAsync(new ReceiveStock(Sku, 7, "PO-2"));

        var result = await first.SendAsync(new ReceiveStock(Sku, 11, "PO-3"));

        Assert.Equal(4, result.Streams.Single().Version);
        var stored = await StoredProductAsync(first);
        Assert.Equal([1L, 2, 3, 4], stored.Versions);
        Assert.Equal(23, stored.Product.OnHand);
        Assert.True(first.Services.GetRequiredService<StreamStateCache>().TryGet(StreamIds.Product(Sku), out Product cached, out var version));
        Assert.Equal((23, 4L), (cached.OnHand, version));
    }

    [Fact]
    public async Task ARefusalOnAStaleCachedStateIsDecidedAgainOnTheStoredStream()
    {
        await using var first = await StartAsync();
        await using var second = await first.StartAnotherInstanceAsync();
        await first.SendAsync(new RegisterProduct(Sku, "Hex bolt M8", 8.90m)); // cached here with nothing on hand
        await second.SendAsync(new ReceiveStock(Sku, 10, "PO-1"));

        await first.SendAsync(new AdjustStock(Sku, -4, "Damaged"));

        Assert.Equal(6, (await StoredProductAsync(first)).Product.OnHand);
        // A refusal the stored state makes still reaches the caller.
        var refused = await Assert.ThrowsAsync<DomainException>(() => first.SendAsync(new AdjustStock(Sku, -7, "Damaged")));
        Assert.Equal(DomainErrorKind.BusinessRule, refused.Kind);
    }

    [Fact]
    public async Task AnExpectedVersionTheCacheHasNotSeenIsCheckedAgainstTheStore()
    {
        await using var first = await StartAsync();
        await using var second = await first.StartAnotherInstanceAsync();
        await first.SendAsync(new RegisterProduct(Sku, "Hex bolt M8", 8.90m)); // cached here at version 1
        await second.SendAsync(new ReceiveStock(Sku, 10, "PO-1"));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => first.SendAsync(new ReceiveStock(Sku, 1, "PO-2"), new CommandOptions(ExpectedVersion: 1)));
        var result = await first.SendAsync(new ReceiveStock(Sku, 1, "PO-3"), new CommandOptions(ExpectedVersion: 2));

        Assert.Equal(3, result.Streams.Single().Version);
        Assert.Equal(11, (await StoredProductAsync(first)).Product.OnHand);
    }

    [Fact]
    public async Task TwoInstancesSendingToTheSameProductsAtOnceLoseNoCommandAndLeaveNoGap()
    {
        await using var first = await StartAsync();
        await using var second = await first.StartAnotherInstanceAsync();
        string[] skus = ["BOLT-M6", "BOLT-M8", "BOLT-M10"];
        foreach (var sku in skus) await first.SendAsync(new RegisterProduct(sku, $"Hex bolt {sku}", 1m));

        var sends = new[] { first, second }.SelectMany(host => Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
                await host.SendAsync(new ReceiveStock(skus[(client + i) % skus.Length], 1, $"PO-{client}-{i}"));
        })));
        await Task.WhenAll(sends);

        var onHand = 0;
        foreach (var sku in skus)
        {
            var events = await first.Reader.ReadStreamAsync(StreamIds.Product(sku), 1, ct: TestContext.Current.CancellationToken);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.StreamVersion));
            onHand += events.Aggregate(Product.Initial, (s, e) => Product.Evolve(s, e.Data)).OnHand;
        }
        Assert.Equal(2 * 4 * 15, onHand);
    }

    private static async Task<(Product Product, long[] Versions)> StoredProductAsync(TestHost host)
    {
        var events = await host.Reader.ReadStreamAsync(StreamIds.Product(Sku), 1, ct: TestContext.Current.CancellationToken);
        return (events.Aggregate(Product.Initial, (s, e) => Product.Evolve(s, e.Data)), events.Select(e => e.StreamVersion).ToArray());
    }
}

public sealed class CachedDecisionTestsOnSqlite() : CachedDecisionTests(DatabaseProvider.Sqlite);

public sealed class CachedDecisionTestsOnPostgreSql() : CachedDecisionTests(DatabaseProvider.PostgreSql);
