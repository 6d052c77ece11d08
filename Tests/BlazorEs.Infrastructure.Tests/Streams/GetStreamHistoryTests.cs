using System.Text.Json.Nodes;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Operations;
using BlazorEs.Infrastructure.Streams;
using BlazorEs.Infrastructure.Tests.Support;

namespace BlazorEs.Infrastructure.Tests.Streams;

public abstract class GetStreamHistoryTests(DatabaseProvider provider) : BothProviders(provider)
{
    private static Task<CommitResult> AppendAsync(TestHost store, string streamId, params object[] events) =>
        store.Writer.AppendAsync(new AppendRequest([new StreamAppend(streamId, ExpectedVersion.Any, events)], TestHost.Metadata(user: "alice")));

    private static ValueTask<StreamHistory> HistoryAsync(TestHost store, string streamId, long? upTo = null) =>
        new GetStreamHistoryHandler(store.Reader).Handle(new GetStreamHistory(streamId, upTo), CancellationToken.None);

    [Fact]
    public async Task AProductStreamFoldsIntoTheStateAfterEachVersionWithWhatEachEventChanged()
    {
        await using var store = await CreateStoreAsync();
        await AppendAsync(store, "product-A1", new ProductRegistered("A1", "Anvil", 10m), new StockReceived("A1", 40, "PO-1"));
        await AppendAsync(store, "product-A1", new StockReceived("A1", 100, "PO-2"), new StockReserved("A1", "O-1", 3));

        var history = await HistoryAsync(store, "product-A1");

        Assert.Equal(StreamKind.Product, history.Kind);
        Assert.Equal([1L, 2L, 3L, 4L], history.Versions.Select(v => v.Version));
        Assert.Equal(["ProductRegistered", "StockReceived", "StockReceived", "StockReserved"], history.Versions.Select(v => v.Type));
        Assert.Contains(new FieldChange("sku", "\"\"", "A1"), history.Versions[0].Changes);
        Assert.Contains(new FieldChange("exists", "false", "true"), history.Versions[0].Changes);
        Assert.Equal([new FieldChange("onHand", "40", "140"), new FieldChange("available", "40", "140")], history.Versions[2].Changes);
        Assert.Equal("onHand: 40 → 140", history.Versions[2].Changes[0].ToString());
        Assert.Equal([new FieldChange("reserved", "0", "3"), new FieldChange("available", "140", "137")], history.Versions[3].Changes);
        var state = JsonNode.Parse(history.CurrentState!)!;
        Assert.Equal((140, 3, "Anvil"), (state["onHand"]!.GetValue<int>(), state["reserved"]!.GetValue<int>(), state["name"]!.GetValue<string>()));
        Assert.Equal("alice", history.Versions[3].UserId);
    }

    [Fact]
    public async Task AnOrderStreamDiffsItsLinesFieldByFieldAndShowsItsStatusByName()
    {
        await using var store = await CreateStoreAsync();
        await AppendAsync(store, "order-O-1",
            new OrderPlaced("O-1", "Ada", [new OrderLine("A1", 2, 10m)], 20m),
            new OrderPaid("O-1", 20m, "PAY-1"));

        var history = await HistoryAsync(store, "order-O-1");

        Assert.Equal(StreamKind.Order, history.Kind);
        var placed = history.Versions[0].Changes;
        Assert.Contains(new FieldChange("status", "None", "Placed"), placed);
        Assert.Contains(placed, c => c.Field == "lines[0]" && c.Before is null && c.After!.Contains("\"sku\":\"A1\""));
        Assert.Equal([new FieldChange("status", "Placed", "Paid"), new FieldChange("amountPaid", "0", "20")], history.Versions[1].Changes);
    }

    [Fact]
    public async Task AnEventThatChangesNothingHasNoChangesAndOtherStreamsShowEventsOnly()
    {
        await using var store = await CreateStoreAsync();
        await AppendAsync(store, "product-A1", new ProductRegistered("A1", "Anvil", 10m), new PriceChanged("A1", 10m, 10m));
        await AppendAsync(store, OperatorStreams.Audit, new ProjectionRetried("StockLevels", 7, "fixed"));

        var product = await HistoryAsync(store, "product-A1");
        var audit = await HistoryAsync(store, OperatorStreams.Audit);

        Assert.Empty(product.Versions[1].Changes);
        Assert.Equal(StreamKind.Other, audit.Kind);
        var only = Assert.Single(audit.Versions);
        Assert.Null(only.StateAfter);
        Assert.Empty(only.Changes);
        Assert.Contains("\"reason\":\"fixed\"", only.Data);
        Assert.Null(audit.CurrentState);
    }

    [Fact]
    public async Task UpToAPositionStopsTheFoldThereAndAnUnknownStreamIsEmpty()
    {
        await using var store = await CreateStoreAsync();
        await AppendAsync(store, "product-A1", new ProductRegistered("A1", "Anvil", 10m));
        var receipt = await AppendAsync(store, "product-A1", new StockReceived("A1", 5, "PO-1"));
        await AppendAsync(store, "product-A1", new StockReceived("A1", 7, "PO-2"));

        var asOf = await HistoryAsync(store, "product-A1", receipt.LastPosition);
        var unknown = await HistoryAsync(store, "product-NOPE");

        Assert.Equal(2, asOf.Versions.Count);
        Assert.Equal(5, JsonNode.Parse(asOf.CurrentState!)!["onHand"]!.GetValue<int>());
        Assert.Empty(unknown.Versions);
        Assert.Null(unknown.CurrentState);
    }
}

public sealed class GetStreamHistoryTestsOnSqlite() : GetStreamHistoryTests(DatabaseProvider.Sqlite);

public sealed class GetStreamHistoryTestsOnPostgreSql() : GetStreamHistoryTests(DatabaseProvider.PostgreSql);
