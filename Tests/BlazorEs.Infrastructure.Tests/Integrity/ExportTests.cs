using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Export;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Integrity;

/// <summary>Evidence export to a real file and the offline check of it: a true export verifies; any edit of a line or the manifest does not.</summary>
public sealed class ExportTests
{
    private static async Task<(ChainedStore Chained, string File)> ExportAsync(ExportFormat format, EventFilter? filter = null, long? after = null, long? before = null)
    {
        var chained = await ChainedStore.CreateAsync();
        await chained.Monitor.VerifyNowAsync(CancellationToken.None); // signs a checkpoint at the head, 33
        var exporter = new EventExporter(chained.Store.Factory, ChainedStore.Key, chained.Store.Writer, TimeProvider.System);
        var file = Path.Combine(Path.GetDirectoryName(chained.Store.Path)!, "export." + (format == ExportFormat.Csv ? "csv" : "jsonl"));
        await using (var output = File.Create(file))
            await exporter.ExportAsync(new ExportRequest(format, filter ?? EventFilter.None, after, before), "ann", output, CancellationToken.None);
        return (chained, file);
    }

    [Theory]
    [InlineData(ExportFormat.Jsonl)]
    [InlineData(ExportFormat.Csv)]
    public async Task AnExportOfEverythingVerifiesAndCarriesTheCoveringCheckpoint(ExportFormat format)
    {
        var (chained, file) = await ExportAsync(format);
        await using var _ = chained;

        var result = ExportVerifier.Verify(file, ChainedStore.Key);

        Assert.True(result.Verifies, string.Join("; ", result.Problems));
        Assert.Equal(33, result.Events);
        Assert.Equal((1L, 33L), (result.Manifest!.FirstPosition!.Value, result.Manifest.LastPosition!.Value));
        Assert.True(result.Manifest.Contiguous);
        Assert.Contains(result.Manifest.Checkpoints, c => c.Position == 33);
        Assert.Equal(new string('0', 64), result.Manifest.FirstPreviousHash);
    }

    [Fact]
    public async Task AFilteredExportVerifiesWithoutContinuityAndNamesItsFilter()
    {
        var (chained, file) = await ExportAsync(ExportFormat.Jsonl, new EventFilter(StreamId: "product-S2"));
        await using var _ = chained;

        var result = ExportVerifier.Verify(file, ChainedStore.Key);

        Assert.True(result.Verifies, string.Join("; ", result.Problems));
        Assert.Equal(6, result.Events);
        Assert.False(result.Manifest!.Contiguous);
        Assert.Equal("product-S2", result.Manifest.Filters["stream"]);
    }

    [Fact]
    public async Task ARangeExportStartsFromTheHashBeforeIt()
    {
        var (chained, file) = await ExportAsync(ExportFormat.Csv, after: 10, before: 21);
        await using var _ = chained;

        var result = ExportVerifier.Verify(file, ChainedStore.Key);

        Assert.True(result.Verifies, string.Join("; ", result.Problems));
        Assert.Equal(10, result.Events);
        Assert.Equal((11L, 20L), (result.Manifest!.FirstPosition!.Value, result.Manifest.LastPosition!.Value));
    }

    [Fact]
    public async Task TheExportIsRecordedWithWhoWhatFilterAndHowMany()
    {
        var (chained, _) = await ExportAsync(ExportFormat.Jsonl, new EventFilter(StreamId: "product-S2"));
        await using var __ = chained;

        // Recorded when it starts (an interrupted export leaves that) and when it is complete, under one correlation id.
        var audit = await chained.Store.Reader.ReadStreamAsync(ExportStreams.Audit);
        Assert.Equal(2, audit.Count);
        var started = Assert.IsType<EventsExportStarted>(audit[0].Data);
        var exported = Assert.IsType<EventsExported>(audit[1].Data);
        Assert.All(audit, e => Assert.Equal("ann", e.Metadata.UserId));
        Assert.Equal(("stream=product-S2", "jsonl"), (started.Filters, started.Format));
        Assert.Equal(("stream=product-S2", 6L, "jsonl"), (exported.Filters, exported.Count, exported.Format));
        Assert.Equal(audit[0].Metadata.CorrelationId, audit[1].Metadata.CorrelationId);
    }

    [Theory]
    [InlineData(ExportFormat.Jsonl, "edit")]
    [InlineData(ExportFormat.Jsonl, "remove")]
    [InlineData(ExportFormat.Jsonl, "insert")]
    [InlineData(ExportFormat.Jsonl, "reorder")]
    [InlineData(ExportFormat.Jsonl, "manifest")]
    [InlineData(ExportFormat.Jsonl, "cut")]
    [InlineData(ExportFormat.Csv, "edit")]
    [InlineData(ExportFormat.Csv, "remove")]
    [InlineData(ExportFormat.Csv, "insert")]
    [InlineData(ExportFormat.Csv, "reorder")]
    [InlineData(ExportFormat.Csv, "manifest")]
    public async Task AnAlteredExportDoesNotVerify(ExportFormat format, string change)
    {
        var (chained, file) = await ExportAsync(format);
        await using var _ = chained;
        var lines = File.ReadAllLines(file).ToList();
        var first = format == ExportFormat.Csv ? 1 : 0; // CSV: the header; no event's data holds a line break here
        switch (change)
        {
            case "edit": lines[first + 9] = lines[first + 9].Replace("PO-9", "PO-99"); break;
            case "remove": lines.RemoveAt(first + 9); break;
            case "insert": lines.Insert(first + 9, lines[first + 9]); break;
            case "reorder": (lines[first + 9], lines[first + 10]) = (lines[first + 10], lines[first + 9]); break;
            case "manifest": lines[^1] = lines[^1].Replace("\"exportedBy\":\"ann\"", "\"exportedBy\":\"bob\"").Replace("\"\"exportedBy\"\":\"\"ann\"\"", "\"\"exportedBy\"\":\"\"bob\"\""); break;
            case "cut": lines.RemoveAt(lines.Count - 1); break;
        }
        Assert.NotEqual(File.ReadAllLines(file), lines);
        File.WriteAllLines(file, lines);

        var result = ExportVerifier.Verify(file, ChainedStore.Key);

        Assert.False(result.Verifies);
        Assert.NotEmpty(result.Problems);
    }

    [Fact]
    public async Task AnotherKeyDoesNotVerifyTheManifest()
    {
        var (chained, file) = await ExportAsync(ExportFormat.Jsonl);
        await using var _ = chained;

        var result = ExportVerifier.Verify(file, new IntegrityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

        Assert.False(result.Verifies);
        Assert.Contains(result.Problems, p => p.Contains("signed with key"));
    }
}
