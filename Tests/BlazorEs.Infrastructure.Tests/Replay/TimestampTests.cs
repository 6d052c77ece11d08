using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Replay;
using Microsoft.Extensions.DependencyInjection;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Replay;

/// <summary>Resolving a time to a point: ties, before the first event, in the future, and UTC throughout.</summary>
public sealed class TimestampTests
{
    private static readonly DateTime T = new(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc); // the night Europe's clocks jump

    private static async Task<(TestHost Host, ReplayAsOf Replay)> StoreAsync()
    {
        var host = await TestHost.StartAsync(TestHostOptions.Replay());
        var writer = host.Services.GetRequiredService<EventStoreWriter>();
        async Task Append(string sku, object e, DateTime at) =>
            await writer.AppendAsync(new AppendRequest([new StreamAppend($"product-{sku}", ExpectedVersion.Any, [e])], new EventMetadata("t", "Test", Guid.NewGuid().ToString(), "c", "c"), at));

        await Append("A", new ProductRegistered("A", "A", 1), T.AddMinutes(-1));   // 1
        await Append("A", new StockReceived("A", 1, "r1"), T);                    // 2  three events share T
        await Append("A", new StockReceived("A", 2, "r2"), T);                    // 3
        await Append("A", new StockReceived("A", 3, "r3"), T);                    // 4
        await Append("A", new StockReceived("A", 4, "r4"), T.AddMinutes(59));     // 5
        await Append("A", new StockReceived("A", 5, "r5"), T.AddHours(1));        // 6
        return (host, host.Services.GetRequiredService<ReplayAsOf>());
    }

    [Fact]
    public async Task SeveralEventsWithTheSameTimestampResolveToTheLastOfThem()
    {
        var (host, replay) = await StoreAsync();
        await using var _ = host;

        var at = await replay.ResolveAsync(null, T, CancellationToken.None);
        var justBefore = await replay.ResolveAsync(null, T.AddTicks(-1), CancellationToken.None);

        Assert.Equal(4, at.Position);
        Assert.Equal(AsOfKind.Historical, at.Kind);
        Assert.Equal(T, at.At);
        Assert.Equal(1, justBefore.Position);
    }

    [Fact]
    public async Task ATimeBeforeTheFirstEventIsTheEmptyState()
    {
        var (host, replay) = await StoreAsync();
        await using var _ = host;

        var point = await replay.ResolveAsync(null, T.AddDays(-1), CancellationToken.None);
        var rows = await replay.AllAsync(point.Position, CancellationToken.None);

        Assert.Equal(AsOfKind.BeforeFirstEvent, point.Kind);
        Assert.Equal(0, point.Position);
        Assert.All(rows.Values, m => Assert.Equal(0, m.Count));
    }

    [Fact]
    public async Task ATimeOrPositionInTheFutureIsTheCurrentStateAndSaysSo()
    {
        var (host, replay) = await StoreAsync();
        await using var _ = host;

        var byTime = await replay.ResolveAsync(null, DateTime.UtcNow.AddYears(1), CancellationToken.None);
        var byPosition = await replay.ResolveAsync(99, null, CancellationToken.None);

        Assert.Equal((AsOfKind.Future, 6L), (byTime.Kind, byTime.Position));
        Assert.Equal((AsOfKind.Future, 6L), (byPosition.Kind, byPosition.Position));
        Assert.Contains("future", byTime.Description);
        Assert.Contains("current state", byPosition.Description);
    }

    [Fact]
    public async Task TimesAreUtcSoTheNightTheClocksChangeHasNoMissingOrRepeatedHour()
    {
        var (host, replay) = await StoreAsync();
        await using var _ = host;

        // 01:30 UTC is 03:30 in Paris after the jump; an offset time means the same instant.
        var utc = await replay.ResolveAsync(null, T.AddMinutes(30), CancellationToken.None);
        var fromOffset = await replay.ResolveAsync(null, new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2)).UtcDateTime, CancellationToken.None);
        var unspecified = await replay.ResolveAsync(null, new DateTime(2026, 3, 29, 1, 59, 0, DateTimeKind.Unspecified), CancellationToken.None);

        Assert.Equal(4, utc.Position);
        Assert.Equal(4, fromOffset.Position);
        Assert.Equal(5, unspecified.Position); // an unspecified time is taken as UTC
    }

    [Fact]
    public async Task BadPointsAreRefusedWithAClearMessage()
    {
        var (host, replay) = await StoreAsync();
        await using var _ = host;

        var negative = await Assert.ThrowsAsync<BlazorEs.Domain.Errors.DomainException>(() => replay.ResolveAsync(-1, null, CancellationToken.None));
        var both = await Assert.ThrowsAsync<BlazorEs.Domain.Errors.DomainException>(() => replay.ResolveAsync(1, T, CancellationToken.None));
        var neither = await Assert.ThrowsAsync<BlazorEs.Domain.Errors.DomainException>(() => replay.ResolveAsync(null, null, CancellationToken.None));

        Assert.Contains("0 or more", negative.Message);
        Assert.Contains("not both", both.Message);
        Assert.Contains("not neither", neither.Message);
    }
}
