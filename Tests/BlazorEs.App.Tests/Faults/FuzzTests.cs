using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using BlazorEs.App.Live;
using BlazorEs.App.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Export;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Faults;

/// <summary>
/// Fuzz beyond commands (issue 16): hostile route values and query strings for every GET endpoint of the app's own
/// endpoint table, hostile operator / compensation / account bodies for every POST and PUT, wrong content types and
/// oversized bodies, and the hub's methods with wrong arguments. Never an answer >= 500, never a stack trace, nothing
/// written. Cases per family: BLAZORES_FUZZ_CASES (default 300; scripts/fault-table.sh runs 10,000). Seeded, so a
/// failure names the case that reproduces it.
/// </summary>
[Trait("Category", "Faults")]
public sealed partial class FuzzTests : IAsyncLifetime
{
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("BLAZORES_FUZZ_CASES"), out var n) && n > 0 ? n : 300;

    private readonly ApiFactory _api = new() { Settings = new Dictionary<string, string> { ["RateLimits:Enabled"] = "false" } };
    private HttpClient _client = default!;

    private static readonly string[] Hostile =
    [
        "", " ", "-1", "0", "1", "-9223372036854775808", "9223372036854775807", "2147483648", "99999999999999999999999",
        "1e308", "NaN", "Infinity", "1.5", "0x10", "abc", "null", "true", "[]", "{}", "%00", "\u0000", "%", "%zz", "'; DROP TABLE Events;--",
        "../../etc/passwd", "\u202Eevil", "\uFFFF", "😀", "2026-13-45", "2026-11-20T25:61:00Z", "0001-01-01", "9999-12-31T23:59:59Z",
        "StockLevels", "stock-levels", "product-BOLT-M8", "order-SO-1", new string('x', 5000), "a,b,,c", "*", "?", "#",
    ];

    private static readonly string[] Names =
    [
        "page", "pageSize", "after", "before", "limit", "from", "to", "type", "at", "position", "version", "streamId",
        "correlationId", "readModel", "key", "newestFirst", "wait", "projections", "timeoutMs", "reason", "sku", "q", "asOf", "left", "right",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _client = _api.As("fuzzer");
        await _client.CommandAsync("RegisterProduct", new { sku = "BOLT-M8", name = "Hex bolt M8", price = 8.90m });
        await _client.CommandAsync("ReceiveStock", new { sku = "BOLT-M8", quantity = 10, reference = "PO-1" });
        await _client.CommandAsync("PlaceOrder", new { orderId = "SO-1", customer = "Acme", lines = new[] { new { sku = "BOLT-M8", quantity = 1 } } });
    }

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    /// <summary>
    /// Events a request wrote, leaving out the audit of reads: a fuzzed export or verification request that passes
    /// validation is served, and its audit line (who exported or asked for a verification) is what should be written.
    /// </summary>
    private async Task<int> WrittenEventsAsync(bool withOperatorAudit = true)
    {
        var reader = _api.Services.GetRequiredService<EventReader>();
        return await reader.CountAsync(EventFilter.None)
            - await reader.CountAsync(new EventFilter(StreamId: ExportStreams.Audit))
            - await reader.CountAsync(new EventFilter(StreamId: IntegrityAudit.Stream))
            - (withOperatorAudit ? 0 : await reader.CountAsync(new EventFilter(StreamId: OperatorStreams.Audit)));
    }

    [Fact]
    public async Task EveryGetEndpointTakesHostileRouteValuesAndQueryStringsWithoutA500()
    {
        var gets = Endpoints().Where(e => Methods(e).Contains("GET") && Path(e).StartsWith("/api", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(gets);
        var random = new Random(16);
        var before = await WrittenEventsAsync();
        var wrong = new List<string>();

        for (var i = 0; i < Cases; i++)
        {
            var endpoint = gets[i % gets.Count];
            var url = RouteValue().Replace(Path(endpoint), _ => Uri.EscapeDataString(PickForPath(random)));
            var query = string.Join('&', Enumerable.Range(0, random.Next(0, 5)).Select(_ =>
                $"{Names[random.Next(Names.Length)]}={Uri.EscapeDataString(Pick(random))}"));
            await Expect(wrong, HttpMethod.Get, query.Length == 0 ? url : url + "?" + query, null, null, status => status < 500);
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {Cases} cases:\n" + string.Join("\n", wrong.Take(20)));
        Assert.Equal(before, await WrittenEventsAsync());
        FaultReport.Row("7-fuzz-get", $"fuzz: {Cases:N0} hostile route values and query strings over the {gets.Count} GET endpoints", "0 answers >= 500, no stack trace", "nothing written", null);
    }

    [Fact]
    public async Task EveryPostAndPutTakesHostileBodiesWrongContentTypesAndOversizedBodiesWithoutA500()
    {
        var writes = Endpoints().Where(e => Methods(e).Any(m => m is "POST" or "PUT") && Path(e).StartsWith("/api", StringComparison.Ordinal)
            && !Path(e).StartsWith("/api/commands", StringComparison.Ordinal)).ToList(); // commands: BadInputTests and the command fuzz
        Assert.NotEmpty(writes);
        var random = new Random(17);
        var before = await WrittenEventsAsync();
        var wrong = new List<string>();

        foreach (var endpoint in writes)
        {
            var method = new HttpMethod(Methods(endpoint).First(m => m is "POST" or "PUT"));
            var url = RouteValue().Replace(Path(endpoint), "x");
            // A body that is not JSON is refused as such (415) wherever a body is read, and never a 500 where none is.
            await Expect(wrong, method, url, "reason=because", "application/x-www-form-urlencoded", status => status is 415 or 202 or 404 or 409 or 400);
            // Over the limit: 413, read or not, declared or chunked.
            await Expect(wrong, method, url, $$"""{"reason":"{{new string('r', 70_000)}}"}""", "application/json", status => status == 413);
            // Chunked: 413 at the limit where the body is read; a strict reader may refuse it (400) before reading that
            // far, and an endpoint that takes no body never reads it. Never buffered past the limit, never a 500.
            await Expect(wrong, method, url, $$"""{"reason":"{{new string('r', 70_000)}}"}""", "application/json", status => status < 500, chunked: true);
        }
        var auditBefore = await OperatorAuditVersionAsync();
        var acceptedReasons = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Cases; i++)
        {
            var endpoint = writes[i % writes.Count];
            var method = new HttpMethod(Methods(endpoint).First(m => m is "POST" or "PUT"));
            // Route values that name nothing real: a valid reason for a real projection would rightly rebuild it.
            var url = RouteValue().Replace(Path(endpoint), _ => Uri.EscapeDataString("z" + PickForPath(random)));
            var body = HostileBody(random);
            var status = await Expect(wrong, method, url, body, "application/json", status => status < 500);
            if (status is >= 200 and < 300 && ReasonOf(body) is { } reason) acceptedReasons.Add(reason);
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} cases:\n" + string.Join("\n", wrong.Take(20)));
        // Nothing written but what a valid request makes: "rebuild all" takes no route value, so a fuzzed body with a
        // reason of 1-500 characters is a valid request, queued and audited. Every new operator-audit entry must carry
        // the reason of a request that was answered 2xx; nothing else may be written (compensation needs a real
        // correlation id, the other routes name nothing real).
        Assert.Equal(before, await WrittenEventsAsync(withOperatorAudit: false));
        var audited = await OperatorAuditVersionAsync() - auditBefore;
        Assert.True(audited <= 200, $"{audited} operator-audit entries written by {acceptedReasons.Count} accepted requests");
        var unexplained = (await _api.Services.GetRequiredService<OperatorAudit>().RecentAsync((int)Math.Max(audited, 1), null, Ct))
            .Take((int)audited).Where(a => !acceptedReasons.Contains(a.Reason)).ToList();
        Assert.True(unexplained.Count == 0, "operator-audit entries no accepted request asked for: " + string.Join("; ", unexplained.Take(5)));
        FaultReport.Row("8-fuzz-bodies", $"fuzz: {Cases:N0} hostile operator, compensation and account bodies over the {writes.Count} POST/PUT endpoints; a form body, 70 KB declared and chunked on each", "0 answers >= 500; 415 for the form body where a body is read; 413 for every oversized body", "nothing written", null);
    }

    [Fact]
    public async Task TheHubAnswersWrongMethodsAndArgumentsWithAnErrorAndStaysConnected()
    {
        var token = await _api.TokenAsync("fuzzer");
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_api.Server.BaseAddress, LiveMessageNames.HubPath), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var client = _api.Server.CreateWebSocketClient();
                    client.ConfigureRequest = r => r.Headers.Authorization = $"Bearer {token}";
                    return await client.ConnectAsync(context.Uri, ct);
                };
            })
            .Build();
        await hub.StartAsync(Ct);
        var random = new Random(18);
        string[] methods = [nameof(LiveHub.EventsAfter), nameof(LiveHub.Head), "OnConnectedAsync", "Dispose", "NoSuchMethod", "eventsafter"];
        var wrong = new List<string>();

        for (var i = 0; i < Cases; i++)
        {
            var method = methods[random.Next(methods.Length)];
            object?[] args = [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => HostileArgument(random))];
            try
            {
                await hub.InvokeCoreAsync<object?>(method, args, Ct);
            }
            catch (HubException)
            {
                // refused with an error message: the expected answer to a wrong call
            }
            if (hub.State != HubConnectionState.Connected) wrong.Add($"{method}({string.Join(", ", args)}) closed the connection");
            if (hub.State != HubConnectionState.Connected) break;
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(await hub.InvokeAsync<long>(nameof(LiveHub.Head), Ct) >= 2);
        FaultReport.Row("9-fuzz-hub", $"fuzz: {Cases:N0} hub calls with unknown methods, wrong argument counts and types", "an error per wrong call, the connection stays", "nothing written", null);
    }

    private Task<long> OperatorAuditVersionAsync() =>
        _api.Services.GetRequiredService<EventReader>().StreamVersionAsync(OperatorStreams.Audit, Ct);

    /// <summary>The "reason" of a JSON body, when it has one as a string.</summary>
    private static string? ReasonOf(string body)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && json.RootElement.TryGetProperty("reason", out var reason) && reason.ValueKind == System.Text.Json.JsonValueKind.String
                ? reason.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<int> Expect(List<string> wrong, HttpMethod method, string url, string? body, string? contentType, Func<int, bool> ok, bool chunked = false)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            request.Content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
            if (contentType is not null) request.Content.Headers.ContentType = new(contentType);
            if (chunked) request.Headers.TransferEncodingChunked = true;
        }
        using var response = await _client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var status = (int)response.StatusCode;
        if (!ok(status) || text.Contains("   at ", StringComparison.Ordinal) || (status >= 400 && status != 404 && text.Length > 0 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
            wrong.Add($"{method} {Shorten(url)} ({contentType}, {(chunked ? "chunked, " : "")}{body?.Length ?? 0} bytes): {status} {Shorten(text)}");
        return status;
    }

    private static string HostileBody(Random random) => random.Next(8) switch
    {
        0 => "",
        1 => "null",
        2 => "[1,2,3]",
        3 => """{"reason":""}""",
        4 => $$"""{"reason":"{{Escape(Pick(random))}}","position":{{Pick(random) switch { var v when long.TryParse(v, out _) => v, _ => "\"" + Escape(Pick(random)) + "\"" }}}}""",
        5 => $$"""{"reason":{{random.Next(2) switch { 0 => "123", _ => "{}" }}},"extra":true}""",
        6 => $$"""{"userName":"{{Escape(Pick(random))}}","password":"{{Escape(Pick(random))}}","role":"{{Escape(Pick(random))}}"}""",
        _ => "{\"reason\":\"" + Escape(Pick(random)) + "\"",
    };

    private static object? HostileArgument(Random random) => random.Next(6) switch
    {
        0 => null,
        1 => long.MinValue,
        2 => long.MaxValue,
        3 => Pick(random),
        4 => new[] { 1, 2, 3 },
        _ => -random.Next(),
    };

    private static string Pick(Random random) => Hostile[random.Next(Hostile.Length)];

    /// <summary>A hostile value for a path segment: the in-memory test server refuses a NUL in a path before sending (Kestrel answers 400).</summary>
    private static string PickForPath(Random random) => Pick(random) is var v && (v.Contains('\u0000') || v.Contains("%00", StringComparison.Ordinal)) ? "nul" : v;

    private static string Escape(string value) => System.Text.Json.JsonEncodedText.Encode(value).ToString();

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;

    private List<RouteEndpoint> Endpoints() => [.. _api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    private static string Path(RouteEndpoint e) => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');

    private static IReadOnlyList<string> Methods(RouteEndpoint e) => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
