using System.Text.Json.Nodes;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.EventStore;

/// <summary>Stored type names are explicit and versioned; an upcaster turns an old schema into today's record when read.</summary>
public sealed class UpcastingTests
{
    /// <summary>Schema 0 of StockReceived called the quantity "qty" and had no reference.</summary>
    private sealed class StockReceivedFromSchema0 : IEventUpcaster
    {
        public string Type => "StockReceived";
        public int FromSchemaVersion => 0;

        public JsonObject Upcast(JsonObject data)
        {
            data["quantity"] = data["qty"]!.GetValue<int>();
            data.Remove("qty");
            data["reference"] = "(before references)";
            return data;
        }
    }

    private static Task InsertOldEventAsync(TestHost store) => store.ExecuteRawAsync(
        "INSERT INTO Events (Position, EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, UserId, CommandName, CommandId, CorrelationId, CausationId) " +
        "VALUES (1, 'e-1', 'product-A', 1, 'StockReceived', 0, '{\"sku\":\"A\",\"qty\":12}', '2025-01-01 00:00:00', 'legacy', 'Import', 'c', 'c', 'c')");

    [Fact]
    public async Task AnEventStoredAtAnOlderSchemaIsReadAsTodaysRecordThroughItsUpcaster()
    {
        await using var store = await TestHost.CreateStoreAsync();
        await InsertOldEventAsync(store);
        var reader = new EventReader(store.Factory, new EventTypeMap([new StockReceivedFromSchema0()]));

        var e = Assert.Single(await reader.ReadStreamAsync("product-A"));

        Assert.Equal(new StockReceived("A", 12, "(before references)"), e.Data);
        Assert.Equal(0, e.SchemaVersion);
    }

    [Fact]
    public async Task ReadersThatOnlyShowAnOlderEventSeeItUpcastAsJsonWithItsStoredSchemaVersion()
    {
        await using var store = await TestHost.CreateStoreAsync();
        await InsertOldEventAsync(store);
        var reader = new EventReader(store.Factory, new EventTypeMap([new StockReceivedFromSchema0()]));

        var page = Assert.Single((await reader.ReadPageAsync(EventFilter.None, null, 10, ct: TestContext.Current.CancellationToken)).Events);
        var after = Assert.Single(await reader.ReadRecordedAfterAsync(0, 10, ct: TestContext.Current.CancellationToken));
        var decoded = Assert.Single(await reader.ReadStreamAsync("product-A", ct: TestContext.Current.CancellationToken));

        // The screens read today's fields ("quantity", "reference"): they get them, as the decoded record has them.
        Assert.Equal("""{"sku":"A","quantity":12,"reference":"(before references)"}""", page.Data);
        Assert.Equal(0, page.SchemaVersion);
        Assert.Equal(page, after);
        Assert.Null(decoded.Json); // its stored text is not today's shape, so it is not handed on as if it were
        Assert.Equal(page, RecordedEvent.From(decoded));
    }

    [Fact]
    public async Task AnOlderSchemaWithoutAnUpcasterIsAClearError()
    {
        await using var store = await TestHost.CreateStoreAsync();
        await InsertOldEventAsync(store);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.Reader.ReadStreamAsync("product-A"));

        Assert.Contains("No upcaster for StockReceived from schema version 0", error.Message);
    }

    [Fact]
    public void StoredNamesAreExplicitStringsNotClrNames()
    {
        var map = new EventTypeMap();

        Assert.Equal(("ProductRegistered", 1), map.NameOf(new ProductRegistered("A", "A", 1)));
        Assert.Throws<InvalidOperationException>(() => map.NameOf(new { Sku = "A" }));
    }
}
