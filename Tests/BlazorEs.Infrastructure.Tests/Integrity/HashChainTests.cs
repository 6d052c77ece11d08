using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.Integrity;

public sealed class HashChainTests
{
    [Fact]
    public async Task EveryStoredHashIsWhatTheDocumentedRecipeGivesFromTheStoredRow()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 5);
        await using var db = chained.Store.Factory.CreateContext();
        var rows = await db.Events.AsNoTracking().OrderBy(e => e.Position).ToListAsync();

        var previous = new byte[32];
        foreach (var r in rows)
        {
            // docs/integrity.md, written out again here without EventHash: what a third party would do.
            var content = new MemoryStream();
            foreach (var field in new[] { r.StreamId, r.EventId, r.Type, r.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         r.UserId, r.CommandName, r.CommandId, r.CorrelationId, r.CausationId, r.Data })
            {
                var bytes = Encoding.UTF8.GetBytes(field);
                var length = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
                content.Write(length);
                content.Write(bytes);
            }
            var link = new byte[88];
            previous.CopyTo(link, 0);
            BinaryPrimitives.WriteInt64BigEndian(link.AsSpan(32), r.Position);
            BinaryPrimitives.WriteInt64BigEndian(link.AsSpan(40), r.StreamVersion);
            BinaryPrimitives.WriteInt64BigEndian(link.AsSpan(48), r.RecordedAt.Ticks);
            SHA256.HashData(content.ToArray()).CopyTo(link, 56);

            Assert.Equal(previous, r.PreviousHash);
            Assert.Equal(SHA256.HashData(link), r.Hash);
            previous = r.Hash!;
        }
        Assert.Equal(8, rows.Count);
    }

    [Fact]
    public async Task TheChainRunsOnAcrossGroupCommitsConflictsInsideThemAndConcurrentWriters()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 0);
        var writer = chained.Store.Writer;
        // Eight writers racing on four streams with expected versions: group commits mix winners and conflicts (rolled
        // back to their savepoint inside the group) and duplicates of one command id.
        var conflicts = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                var sku = $"C{(w + i) % 4}";
                var version = (await chained.Store.Reader.ReadStreamAsync($"product-{sku}")).Count;
                var metadata = TestHost.Metadata(commandId: i % 10 == 0 ? $"same-{i}" : null);
                try
                {
                    await writer.AppendAsync(new AppendRequest([new StreamAppend($"product-{sku}", version, [new StockReceived(sku, 1, "r"), new StockReceived(sku, 2, "r")])], metadata));
                }
                catch (ConcurrencyConflictException)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        })));

        var outcome = await chained.VerifyAsync();

        Assert.Empty(outcome.Breaks);
        Assert.Equal(await chained.Store.CountEventsAsync(), outcome.Checked);
        Assert.True(outcome.Checked > 100);
    }

    [Fact]
    public async Task AWriterStartedAgainOnTheFileChainsOnFromTheStoredHead()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 3);
        var types = new EventTypeMap();
        await using (var again = new EventStoreWriter(chained.Store.Factory, types, NullLogger<EventStoreWriter>.Instance))
            await again.AppendAsync(new AppendRequest([new StreamAppend("product-R", 0, [new StockReceived("R", 1, "after restart")])], TestHost.Metadata()));
        await chained.Store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-R", 1, [new StockReceived("R", 1, "first writer again")])], TestHost.Metadata()));

        var outcome = await chained.VerifyAsync();

        Assert.Empty(outcome.Breaks);
        Assert.Equal(8, outcome.Checked);
    }

    [Fact]
    public async Task AStoreFromBeforeTheChainIsChainedOnceAtStartUpAndItsHashesCannotBeSetAgain()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 4);
        // As a store made before the HashChain migration holds them: rows and commands without hashes.
        await chained.TamperAsync("UPDATE Events SET Hash = NULL, PreviousHash = NULL; INSERT INTO ReadModelSnapshots (Projection, Position, Kind, Data, RowCount, CreatedAt) VALUES ('x', 1, 0, x'00', 0, '2026-01-01 00:00:00')");

        await new DatabaseMigrator(chained.Store.Factory, new DatabaseOptions(), NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);

        Assert.Empty((await chained.VerifyAsync()).Breaks);
        var error = await Assert.ThrowsAsync<SqliteException>(() => chained.Store.ExecuteRawAsync("UPDATE Events SET Hash = x'00' WHERE Position = 2"));
        Assert.Contains("hash is set once", error.Message);
        await Assert.ThrowsAsync<SqliteException>(() => chained.Store.ExecuteRawAsync("UPDATE Events SET Data = '{}' WHERE Position = 2"));
        // The writer goes on from the chained head.
        await chained.Store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-N", 0, [new StockReceived("N", 1, "n")])], TestHost.Metadata()));
        Assert.Empty((await chained.VerifyAsync()).Breaks);
    }

    [Fact]
    public async Task TheWriterItselfChainsAnUnchainedStoreBeforeItsFirstCommit()
    {
        await using var chained = await ChainedStore.CreateAsync(commands: 4);
        await chained.TamperAsync("UPDATE Events SET Hash = NULL, PreviousHash = NULL");

        await chained.Store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-N", 0, [new StockReceived("N", 1, "n")])], TestHost.Metadata()));

        var outcome = await chained.VerifyAsync();
        Assert.Empty(outcome.Breaks);
        Assert.Equal(8, outcome.Checked);
    }
}
