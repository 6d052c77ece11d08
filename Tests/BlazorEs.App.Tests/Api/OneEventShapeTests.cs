using System.Text.Json;
using BlazorEs.App.Live;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Timeline;
using Mediator;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Api;

/// <summary>
/// One event reads the same everywhere it is shown: the HTTP API (its data the stored JSON byte for byte), the
/// timeline's pages and drawer, and LiveHub's messages, which clients written before the shape was unified still read.
/// </summary>
public sealed class OneEventShapeTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();
    private HttpClient _api = null!;

    /// <summary>EventsAppended's event as LiveHub's clients read it before issue 11 (the old EventSummary).</summary>
    private sealed record EventSummaryBeforeIssue11(
        long Position, string StreamId, long StreamVersion, string Type, DateTime RecordedAt,
        string UserId, string CommandName, string CorrelationId, string Data);

    public async ValueTask InitializeAsync()
    {
        _api = _factory.As();
        await _factory.As("dave").CommandAsync("RegisterProduct", new { sku = "SH-1", name = "Goggles \"clear\" – größe M", price = 5.90m });
    }

    private HubConnection Connect() =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, LiveMessageNames.HubPath), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    // The hub takes the same bearer token as the API (signed in as an admin called tester).
                    var token = await _factory.TokenAsync();
                    var client = _factory.Server.CreateWebSocketClient();
                    client.ConfigureRequest = r => r.Headers.Authorization = $"Bearer {token}";
                    return await client.ConnectAsync(context.Uri, ct);
                };
            })
            .Build();

    private async Task<List<EventRecord>> RowsAsync()
    {
        await using var db = _factory.Services.GetRequiredService<StoreContextFactory>().CreateContext();
        return await db.Events.AsNoTracking().OrderBy(e => e.Position).ToListAsync();
    }

    private async Task<T> QueryAsync<T>(IQuery<T> query)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    [Fact]
    public async Task TheApiWritesEachEventsDataAsTheStoredJsonByteForByte()
    {
        await _factory.As("carol").CommandAsync("ReceiveStock", new { sku = "SH-1", quantity = 7, reference = "PO-<7>" });
        await _factory.As("alice").CommandAsync("PlaceOrder", new { orderId = "SO-SH", customer = "Zoë & Co", lines = new[] { new { sku = "SH-1", quantity = 2 } } });
        // Stored as no serializer of ours writes it (spaces, its own order, unescaped non-ASCII): a read that decoded and
        // wrote the data again would answer other bytes. (Braces doubled: the raw SQL is a format string.)
        await using (var db = _factory.Services.GetRequiredService<StoreContextFactory>().CreateContext())
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO Events (Position, EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, UserId, CommandName, CommandId, CorrelationId, CausationId) " +
                "SELECT MAX(Position) + 1, 'e-raw', 'product-SH-1', 4, 'StockReceived', 1, '{{ \"reference\" : \"größe <M>\", \"sku\": \"SH-1\",\n \"quantity\": 3 }}', " +
                "'2026-11-01 12:00:00', 'import', 'Import', 'c-raw', 'c-raw', 'c-raw' FROM Events", TestContext.Current.CancellationToken);
        var rows = await RowsAsync();
        Assert.Contains(rows, r => r.Data.Contains("größe <M>", StringComparison.Ordinal));

        using var events = JsonDocument.Parse(await _api.GetStringAsync("/api/events?limit=100"));
        using var stream = JsonDocument.Parse(await _api.GetStringAsync("/api/streams/product-SH-1"));

        var page = events.RootElement.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(rows.Select(r => r.Data), page.Select(e => e.GetProperty("data").GetRawText()));
        Assert.All(page, e => Assert.Equal(JsonValueKind.Object, e.GetProperty("data").ValueKind));
        Assert.Equal(rows.Where(r => r.StreamId == "product-SH-1").Select(r => r.Data),
            stream.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("data").GetRawText()));
    }

    [Fact]
    public async Task OneEventReadsTheSameThroughTheApiTheTimelineAndTheLiveHub()
    {
        await using var hub = Connect();
        await using var olderClient = Connect();
        var arrived = new TaskCompletionSource<RecordedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var legacy = new TaskCompletionSource<EventSummaryBeforeIssue11>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<IReadOnlyList<RecordedEvent>>(LiveMessageNames.EventsAppended, batch =>
        {
            if (batch.FirstOrDefault(e => e.Type == "StockReceived") is { } e) arrived.TrySetResult(e);
        });
        olderClient.On<IReadOnlyList<EventSummaryBeforeIssue11>>(LiveMessageNames.EventsAppended, batch =>
        {
            if (batch.FirstOrDefault(e => e.Type == "StockReceived") is { } e) legacy.TrySetResult(e);
        });
        await hub.StartAsync(TestContext.Current.CancellationToken);
        await olderClient.StartAsync(TestContext.Current.CancellationToken);
        var head = await hub.InvokeAsync<long>(nameof(LiveHub.Head), TestContext.Current.CancellationToken);

        await _factory.As("carol").CommandAsync("ReceiveStock", new { sku = "SH-1", quantity = 7, reference = "PO-\"7\"" });
        // A guard against a hang, not a measurement: the message normally comes within milliseconds.
        var live = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var old = await legacy.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var row = (await RowsAsync()).Single(r => r.Type == "StockReceived");

        var resync = Assert.Single(await hub.InvokeAsync<IReadOnlyList<RecordedEvent>>(nameof(LiveHub.EventsAfter), head, TestContext.Current.CancellationToken));
        var timeline = (await QueryAsync(new GetEventsPage(EventFilter.None, null, 10))).Events[0];
        var detail = (await QueryAsync(new GetEventDetail(row.Position)))!.Event;
        using var api = JsonDocument.Parse(await _api.GetStringAsync($"/api/events?after={row.Position - 1}&limit=1"));
        var fromApi = api.RootElement.GetProperty("events")[0];

        var expected = new RecordedEvent(row.Position, row.EventId, row.StreamId, row.StreamVersion, row.Type, row.SchemaVersion, row.RecordedAt,
            row.UserId, row.CommandName, row.CommandId, row.CorrelationId, row.CausationId, row.Data);
        Assert.Equal(expected, live);
        Assert.Equal(expected, resync);
        Assert.Equal(expected, timeline);
        Assert.Equal(expected, detail);
        Assert.Equal(expected, FromApi(fromApi));
        Assert.Equal(row.Data, fromApi.GetProperty("data").GetRawText());
        // A client of the hub written before this shape still finds every field it read, where it read it.
        Assert.Equal(new EventSummaryBeforeIssue11(row.Position, row.StreamId, row.StreamVersion, row.Type, row.RecordedAt,
            "carol", "ReceiveStock", row.CorrelationId, row.Data), old);
    }

    /// <summary>The API's JSON of an event read back into the shape, every field from where the API puts it.</summary>
    private static RecordedEvent FromApi(JsonElement e)
    {
        var m = e.GetProperty("metadata");
        return new RecordedEvent(
            e.GetProperty("position").GetInt64(), e.GetProperty("eventId").GetString()!, e.GetProperty("streamId").GetString()!,
            e.GetProperty("streamVersion").GetInt64(), e.GetProperty("type").GetString()!, e.GetProperty("schemaVersion").GetInt32(),
            e.GetProperty("recordedAt").GetDateTime(),
            m.GetProperty("userId").GetString()!, m.GetProperty("commandName").GetString()!, m.GetProperty("commandId").GetString()!,
            m.GetProperty("correlationId").GetString()!, m.GetProperty("causationId").GetString()!,
            e.GetProperty("data").GetRawText());
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _factory.DisposeAsync();
    }
}
