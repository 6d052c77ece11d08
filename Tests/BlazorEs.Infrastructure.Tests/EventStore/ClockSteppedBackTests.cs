using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Tests.Support;
using BlazorEs.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.EventStore;

/// <summary>
/// Issue 16's clock fault: the wall clock steps back an hour while commands run, and a writer restarts under the
/// stepped-back clock. Recorded-at never runs backwards along positions (each event is stored at the later of the
/// clock and the newest stored time), so "as of" a time still means a prefix of the log.
/// </summary>
public abstract class ClockSteppedBackTests(DatabaseProvider provider) : BothProviders(provider)
{
    [Fact]
    public async Task RecordedAtStaysMonotonicAlongPositionsWhenTheClockStepsBackAndAcrossARestart()
    {
        await using var store = await CreateStoreAsync();
        var clock = new SteppedClock(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        await using (var writer = new EventStoreWriter(store.Factory, store.Types, NullLogger<EventStoreWriter>.Instance, clock: clock))
        {
            await AppendAsync(writer, "A1");
            clock.Step(TimeSpan.FromMinutes(1));
            await AppendAsync(writer, "A2");
            clock.Step(TimeSpan.FromHours(-1)); // NTP corrects an hour back while commands run
            await AppendAsync(writer, "B1");
        }
        // A restarted writer, still under the stepped-back clock, has nothing of its predecessor in memory.
        await using (var restarted = new EventStoreWriter(store.Factory, store.Types, NullLogger<EventStoreWriter>.Instance, clock: clock))
        {
            await AppendAsync(restarted, "B2");
            clock.Step(TimeSpan.FromHours(2)); // and the clock catches up again
            await AppendAsync(restarted, "C1");
        }

        var events = await store.Reader.ReadAllAsync(0, 100);
        var times = events.Select(e => e.RecordedAt).ToList();
        Assert.Equal(5, times.Count);
        Assert.Equal(times.Order(), times); // never backwards along positions
        Assert.Equal(times[1], times[2]); // B1 waits at A2's time rather than going back an hour
        Assert.Equal(times[1], times[3]); // B2 too, after the restart
        Assert.Equal(new DateTime(2026, 12, 3, 13, 1, 0, DateTimeKind.Utc), times[4]);

        // "As of" a time before the step is still exactly the prefix recorded by then.
        var asOf = await store.Reader.ReadPageAsync(new EventFilter(To: new DateTime(2026, 12, 3, 12, 0, 30, DateTimeKind.Utc)), null, 10);
        Assert.Equal([1L], asOf.Events.Select(e => e.Position));

        FaultTableRow.Write($"5-clock-back-{Provider.ToString().ToLowerInvariant()}",
            $"the wall clock stepped back an hour while commands ran, and the writer restarted under it ({Provider})",
            $"every command answered; the two events after the step were recorded at the newest stored time ({times[1]:HH:mm:ss}) instead of an hour back, "
            + "recorded-at never ran backwards along positions; as-of by a time before the step answered exactly the events recorded by then",
            $"{times.Count} / 0",
            $"none needed: once the clock passed the newest stored time the next event took the clock's time again ({times[4]:HH:mm:ss})");
    }

    private static Task AppendAsync(EventStoreWriter writer, string sku) =>
        writer.AppendAsync(new AppendRequest([new StreamAppend($"product-{sku}", 0, [new StockReceived(sku, 1, "PO")])], TestHost.Metadata()));

    /// <summary>A wall clock the test steps by hand, forwards and back.</summary>
    private sealed class SteppedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Step(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}

public sealed class ClockSteppedBackTestsOnSqlite() : ClockSteppedBackTests(DatabaseProvider.Sqlite);

public sealed class ClockSteppedBackTestsOnPostgreSql() : ClockSteppedBackTests(DatabaseProvider.PostgreSql);
