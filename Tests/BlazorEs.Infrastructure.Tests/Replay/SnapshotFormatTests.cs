using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Replay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Replay;

/// <summary>
/// Snapshots stored by earlier builds (gzip JSON), of rows of another shape, or damaged: replay skips them and
/// answers from an older snapshot or from zero, never with an error; the snapshot writer rewrites them.
/// </summary>
public sealed class SnapshotFormatTests
{
    [Fact]
    public async Task UnreadableSnapshotsAreSkippedAndAsOfStillEqualsAReplayFromZero()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Backfill(40));
        await host.GenerateHistoryAsync(commands: 150, seed: 4);
        var head = await host.Services.GetRequiredService<SnapshotBackfill>().CatchUpAsync(CancellationToken.None);
        Assert.True(head >= 170, $"the generated history is too small: {head} events");
        var catalog = host.Services.GetRequiredService<ProjectionCatalog>();
        await ReplaceSnapshotsAsync(host, 80, name => LegacyGzipJson(catalog, name, 80));
        await ReplaceSnapshotsAsync(host, 120, _ => [0x42, 0x45, 0x53, 0x4E, 1, 0, 0, 0, 0, 7, 7, 7]);
        await ReplaceSnapshotsAsync(host, 160, _ => [1, 2, 3]);
        var replay = host.Services.GetRequiredService<ReplayAsOf>();

        foreach (var p in new long[] { 85, 125, 130, 165, head })
        {
            var asOf = await replay.AllAsync(p, CancellationToken.None);
            foreach (var runner in catalog.All)
            {
                var fromZero = await runner.Rebuild.ReplayAsync(p, CancellationToken.None);
                Assert.Equal(
                    fromZero.Cast<IReadModelRow>().OrderBy(r => r.Key, StringComparer.Ordinal).ToList(),
                    asOf[runner.Name].Rows.Cast<IReadModelRow>().ToList());
            }
        }
    }

    [Fact]
    public async Task TheBackfillRewritesSnapshotsItCannotReadInTodaysFormat()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Backfill(40));
        await host.GenerateHistoryAsync(commands: 120, seed: 6);
        var head = await host.Services.GetRequiredService<SnapshotBackfill>().CatchUpAsync(CancellationToken.None);
        var catalog = host.Services.GetRequiredService<ProjectionCatalog>();
        var newest = head / 40 * 40;
        foreach (var position in Enumerable.Range(1, (int)(head / 40)).Select(i => i * 40L))
            await ReplaceSnapshotsAsync(host, position, name => LegacyGzipJson(catalog, name, position));

        // A restarted app: its snapshot writer starts from what is stored.
        var restarted = ActivatorUtilities.CreateInstance<SnapshotBackfill>(host.Services);
        Assert.Equal(head, await restarted.CatchUpAsync(CancellationToken.None));

        await using var db = host.Services.GetRequiredService<StoreContextFactory>().CreateContext();
        var stored = await db.Set<ReadModelSnapshot>().AsNoTracking().ToListAsync();
        Assert.Equal(catalog.All.Count * (int)(newest / 40), stored.Count);
        var chain = new SnapshotChain(host.Services.GetRequiredService<StoreContextFactory>(), NullLogger.Instance);
        foreach (var snapshot in stored)
        {
            // Rewritten as a full snapshot or a delta on the one before: either way its chain restores to this position.
            Assert.True(catalog.TryGet(snapshot.Projection, out var runner));
            var restored = await chain.RestoreAsync(runner.Projection, snapshot.Position, CancellationToken.None);
            Assert.Equal(snapshot.Position, restored.From);
            var fromZero = await runner.Rebuild.ReplayAsync(snapshot.Position, CancellationToken.None);
            Assert.Equal(fromZero.Cast<IReadModelRow>().OrderBy(r => r.Key, StringComparer.Ordinal).ToList(), restored.Memory.Rows.Cast<IReadModelRow>().ToList());
        }
    }

    [Fact]
    public async Task ASnapshotWithAnotherRowShapeOrDamagedBytesIsUnreadableNotMisread()
    {
        await using var host = await TestHost.StartAsync(TestHostOptions.Backfill(40));
        await host.GenerateHistoryAsync(commands: 60, seed: 2);
        await host.Services.GetRequiredService<SnapshotBackfill>().CatchUpAsync(CancellationToken.None);
        var runner = host.Services.GetRequiredService<ProjectionCatalog>().All.First();
        await using var db = host.Services.GetRequiredService<StoreContextFactory>().CreateContext();
        var snapshot = await db.Set<ReadModelSnapshot>().AsNoTracking().FirstAsync(s => s.Projection == runner.Name && s.Position == 40);

        var otherShape = snapshot.Data.ToArray();
        otherShape[6] ^= 0xFF; // the row-shape fingerprint
        var damaged = snapshot.Data[..(snapshot.Data.Length / 2)];

        Assert.Equal(runner.Projection.Restore(snapshot.Data).Count, (await runner.Rebuild.ReplayAsync(40, CancellationToken.None)).Count);
        Assert.Contains("another shape", Assert.Throws<SnapshotUnreadableException>(() => runner.Projection.Restore(otherShape)).Message);
        Assert.Throws<SnapshotUnreadableException>(() => runner.Projection.Restore(damaged));
    }

    [Fact]
    public void AFullSnapshotOfSeveralChunksReadsBackEveryRowInOrderAndChunkLengthsThatDoNotAddUpMakeItUnreadable()
    {
        var rows = Enumerable.Range(0, SnapshotFormat<StockLevel>.RowsPerChunk * 2 + 7)
            .Select(i => new StockLevel { Sku = $"SKU-{i:D6}", Name = $"Product {i}", OnHand = i, Available = i % 17, Position = i })
            .ToArray();
        var snapshot = SnapshotFormat<StockLevel>.Encode(rows);

        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(snapshot.AsSpan(9)));
        Assert.Equal(rows, SnapshotFormat<StockLevel>.Decode(snapshot));
        Assert.Empty(SnapshotFormat<StockLevel>.Decode(SnapshotFormat<StockLevel>.Encode([])));

        var firstChunkLength = BinaryPrimitives.ReadInt32LittleEndian(snapshot.AsSpan(13));
        var overlong = snapshot.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(overlong.AsSpan(13), firstChunkLength + 1);
        var extraChunk = snapshot.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(extraChunk.AsSpan(9), 4);
        foreach (var damaged in new[] { snapshot[..^1], overlong, extraChunk, snapshot[..12] })
            Assert.Contains("damaged", Assert.Throws<SnapshotUnreadableException>(() => SnapshotFormat<StockLevel>.Decode(damaged)).Message);
    }

    private static async Task ReplaceSnapshotsAsync(TestHost host, long position, Func<string, byte[]> data)
    {
        await using var db = host.Services.GetRequiredService<StoreContextFactory>().CreateContext();
        foreach (var name in host.Services.GetRequiredService<ProjectionCatalog>().Names)
        {
            var bytes = data(name);
            Assert.Equal(1, await db.Set<ReadModelSnapshot>().Where(s => s.Projection == name && s.Position == position)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Data, bytes)));
        }
    }

    /// <summary>What builds before the binary format stored: the rows as Web-default JSON, gzip-compressed.</summary>
    private static byte[] LegacyGzipJson(ProjectionCatalog catalog, string projection, long position)
    {
        Assert.True(catalog.TryGet(projection, out var runner));
        var rows = runner.Rebuild.ReplayAsync(position, CancellationToken.None).GetAwaiter().GetResult();
        var typed = Array.CreateInstance(runner.Projection.RowType, rows.Count);
        for (var i = 0; i < rows.Count; i++) typed.SetValue(rows[i], i);
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            JsonSerializer.Serialize(zip, typed, runner.Projection.RowType.MakeArrayType(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return buffer.ToArray();
    }
}
