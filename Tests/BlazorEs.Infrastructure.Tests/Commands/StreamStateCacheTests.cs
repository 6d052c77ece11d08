using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Infrastructure.Tests.Commands;

/// <summary>After a command's own append, the cached state of each stream it wrote is the fold of the stored stream.</summary>
public sealed class StreamStateCacheTests
{
    [Fact]
    public async Task AfterCommandsTheCachedStatesEqualTheFoldOfTheStoredStreams()
    {
        await using var host = await TestHost.StartAsync();
        await host.SendAsync(new RegisterProduct("BOLT-M8", "Hex bolt M8", 8.90m));
        await host.SendAsync(new ReceiveStock("BOLT-M8", 5, "PO-1"));
        await host.SendAsync(new PlaceOrder("SO-1", "Acme", [new OrderLineRequest("BOLT-M8", 2)]));
        await host.SendAsync(new PayOrder("SO-1", 17.80m, "CARD-1"));
        var cache = host.Services.GetRequiredService<StreamStateCache>();
        var reader = host.Services.GetRequiredService<EventReader>();

        async Task AssertCachedAsync<T>(string streamId, T initial, Func<T, object, T> evolve, long expectedVersion)
        {
            var events = await reader.ReadStreamAsync(streamId, 1, ct: TestContext.Current.CancellationToken);
            Assert.True(cache.TryGet(streamId, out T cached, out var version));
            Assert.Equivalent(events.Aggregate(initial, (s, e) => evolve(s, e.Data)), cached, strict: true);
            Assert.Equal((expectedVersion, expectedVersion), ((long)events.Count, version));
        }

        await AssertCachedAsync(StreamIds.Product("BOLT-M8"), Product.Initial, Product.Evolve, 3);
        await AssertCachedAsync(StreamIds.Order("SO-1"), Order.Initial, Order.Evolve, 2);
    }
}
