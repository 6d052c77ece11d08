using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Data.Sqlite;

namespace BlazorEs.Infrastructure.Tests.EventStore;

/// <summary>The writer's rows, read back with plain SQL: what is stored is exactly what was serialized, at the right places.</summary>
public sealed class StoredRowsTests
{
    private sealed record Row(long Position, string EventId, string StreamId, long StreamVersion, string Type, long SchemaVersion, string Data,
        string RecordedAt, string UserId, string CommandName, string CommandId, string CorrelationId, string CausationId, string DataType);

    private static async Task<List<Row>> RowsAsync(TestHost store)
    {
        await using var connection = new SqliteConnection(store.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Position, EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, UserId, CommandName, "
            + "CommandId, CorrelationId, CausationId, typeof(Position) || typeof(StreamVersion) || typeof(SchemaVersion) || typeof(Data) FROM Events ORDER BY Position";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
            rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetInt64(5),
                reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetString(10), reader.GetString(11),
                reader.GetString(12), reader.GetString(13)));
        return rows;
    }

    [Fact]
    public async Task TextThatNeedsEscapingIsStoredExactlyAsSerialized()
    {
        await using var store = await TestHost.CreateStoreAsync();
        const string awkward = "Ünïcødé \"quoted\" back\\slash \\u0041 tab\t new\nline 😀 </script> ' & + \u2028 \u0001 end";
        object[] events =
        [
            new ProductRegistered("S-1", awkward, 12.34m),
            new StockAdjusted("S-1", -3, awkward),
            new ProductRegistered("S-1", "\"],[\"injected\",\"x\",1,\"{}\"]", 0m),
        ];
        var metadata = new EventMetadata("zoë \"ops\"", "Register\\Product", "cmd-ü", "corr-😀", "cause-\n");
        var at = new DateTime(2026, 11, 20, 14, 2, 3, 456, DateTimeKind.Utc).AddTicks(7);

        await store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-S-1", 0, events)], metadata, at));

        var rows = await RowsAsync(store);
        Assert.Equal(events.Select(e => store.Types.Serialize(e)), rows.Select(r => r.Data));
        Assert.Equal(["ProductRegistered", "StockAdjusted", "ProductRegistered"], rows.Select(r => r.Type));
        Assert.All(rows, r =>
        {
            Assert.Equal("integerintegerintegertext", r.DataType);
            Assert.Equal(1, r.SchemaVersion);
            Assert.Equal((metadata.UserId, metadata.CommandName, metadata.CommandId, metadata.CorrelationId, metadata.CausationId),
                (r.UserId, r.CommandName, r.CommandId, r.CorrelationId, r.CausationId));
            Assert.Equal("2026-11-20 14:02:03.4560007", r.RecordedAt);
            Assert.True(Guid.TryParse(r.EventId, out _));
        });
        var read = await store.Reader.ReadStreamAsync("product-S-1");
        Assert.Equal(events, read.Select(e => e.Data));
        Assert.Equal(metadata, read[0].Metadata);
        Assert.Equal(at, read[0].RecordedAt);
    }

    [Fact]
    public async Task AMultiStreamCommandGetsConsecutivePositionsAndEachStreamItsOwnVersions()
    {
        await using var store = await TestHost.CreateStoreAsync();
        await store.Writer.AppendAsync(new AppendRequest([new StreamAppend("product-B", 0, [new StockReceived("B", 1, "PO")])], TestHost.Metadata()));
        var big = Enumerable.Range(0, 2500).Select(i => (object)new StockReceived("A", i + 1, $"PO-{i}")).ToArray();

        var result = await store.Writer.AppendAsync(new AppendRequest(
            [new StreamAppend("product-A", 0, big), new StreamAppend("product-B", 1, [new StockReceived("B", 2, "PO"), new StockReceived("B", 3, "PO")])],
            TestHost.Metadata()));

        var rows = await RowsAsync(store);
        Assert.Equal(Enumerable.Range(1, 2503).Select(p => (long)p), rows.Select(r => r.Position));
        Assert.Equal(Enumerable.Range(1, 2500).Select(v => (long)v), rows.Where(r => r.StreamId == "product-A").Select(r => r.StreamVersion));
        Assert.Equal([1L, 2L, 3L], rows.Where(r => r.StreamId == "product-B").Select(r => r.StreamVersion));
        Assert.Equal(Enumerable.Range(2, 2500).Select(p => (long)p), rows.Where(r => r.StreamId == "product-A").Select(r => r.Position));
        Assert.Equal([1L, 2502L, 2503L], rows.Where(r => r.StreamId == "product-B").Select(r => r.Position));
        Assert.Equal(big.Select(e => store.Types.Serialize(e)), rows.Where(r => r.StreamId == "product-A").Select(r => r.Data));
        Assert.Equal(rows.Count, rows.Select(r => r.EventId).Distinct().Count());
        // Time-ordered ids (UUIDv7), increasing along one command's events: the unique EventId index takes them at its right edge.
        Assert.All(rows, r => Assert.Equal(7, Guid.Parse(r.EventId).Version));
        var ids = rows.Where(r => r.StreamId == "product-A").Select(r => r.EventId).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(2503, result.LastPosition);
        Assert.Equal([new StreamVersion("product-A", 2500), new StreamVersion("product-B", 3)], result.Streams);
    }
}
