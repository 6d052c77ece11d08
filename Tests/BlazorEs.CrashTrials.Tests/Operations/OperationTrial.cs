using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BlazorEs.CrashTrials;

namespace BlazorEs.CrashTrials.Tests.Operations;

/// <summary>What the checks found on the restarted app: the crash trials' durability findings, the projections' verdicts, the integrity state.</summary>
internal sealed record OperationFindings(DurabilityFindings Durability, IReadOnlyList<ProjectionVerdict> Projections, JsonObject Integrity)
{
    public string IntegrityState => Integrity["state"]?.ToString() ?? "?";

    public bool Clean => Durability.Lost.Count == 0 && Durability.MissingPositions.Count == 0 && Durability.StreamFaults.Count == 0
        && Durability.CommandFaults.Count == 0 && Projections.Count > 0 && Projections.All(p => p.Differences == 0) && IntegrityState == "intact";

    public string Describe() =>
        $"acknowledged {Durability.Acknowledged}, lost {Durability.Lost.Count}: {string.Join(" | ", Durability.Lost.Select(l => string.Join("; ", l.Problems) + "\n" + l.Explanation))}; "
        + $"missing positions: {string.Join(",", Durability.MissingPositions)}; stream faults: {string.Join("; ", Durability.StreamFaults)}; "
        + $"command faults: {string.Join("; ", Durability.CommandFaults)}; projections: "
        + string.Join("; ", Projections.Select(p => $"{p.Name} at {p.Checkpoint} {p.State}: {p.Differences} differences {p.Detail}"))
        + $"; integrity: {Integrity.ToJsonString()}";
}

/// <summary>
/// One kill during an operation: the app's build output as its own process (Production, a fresh SQLite file, the
/// crash trials' <see cref="AppProcess"/>) with a fault point armed, commands sent and written down in a
/// <see cref="Ledger"/> before and during the operation, the process dying at the point on its own, a restart without
/// the fault, and the crash trials' own checks of the file (<see cref="DurabilityCheck"/>), every projection caught up
/// and verified against a replay (<see cref="ProjectionCheck"/>), and the integrity state after the start-up pass.
/// </summary>
internal sealed class OperationTrial : IAsyncDisposable
{
    /// <summary>For anything that waits on the app: a shared 2-core machine can be very slow, and nothing here is timed.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromMinutes(5);

    /// <summary>The key <see cref="AppProcess"/> gives every run (Integrity__SigningKey), for checking an export offline.</summary>
    public const string SigningKey = "dGVzdC1vbmx5IGludGVncml0eSBrZXkgMzIgYnl0ZXM=";

    private readonly IReadOnlyDictionary<string, string>? _settings;
    private AppProcess _app;

    private OperationTrial(string folder, IReadOnlyDictionary<string, string>? settings, AppProcess app)
    {
        Folder = folder;
        _settings = settings;
        _app = app;
    }

    public string Folder { get; }
    public string Database => Path.Combine(Folder, "blazores.db");
    public string AppLog => Path.Combine(Folder, "app.log");
    public Ledger Ledger { get; } = new();
    public HttpClient Http { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(100) };
    public Uri Address => _app.Address;
    public CommandClient Api => new(Http, _app.Address, Ledger, "operation");

    /// <summary>When the process was seen gone (the durability check's explanations count from it).</summary>
    public DateTime DiedAt { get; private set; }

    /// <summary>
    /// Starts the app with <paramref name="fault"/> armed (BLAZORES_FAULT) and signs in as its bootstrap admin. An
    /// operation that starts by itself (the seed) may reach its point before the app answers: with
    /// <paramref name="mayDieStarting"/> that is not a failure, and <see cref="DiedStarting"/> says so.
    /// </summary>
    public static async Task<OperationTrial> StartAsync(string fault, IReadOnlyDictionary<string, string>? settings = null, bool mayDieStarting = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "blazores-crash-tests", "operation-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var app = AppProcess.Start(Trials.AppDll(), Path.Combine(folder, "blazores.db"), Path.Combine(folder, "app.log"), fault, settings);
        var trial = new OperationTrial(folder, settings, app);
        try
        {
            await app.WaitReadyAsync(trial.Http, Generous);
        }
        catch (InvalidOperationException) when (mayDieStarting && app.HasExited)
        {
            trial.DiedStarting = true;
        }
        return trial;
    }

    /// <summary>The process reached its fault point before it answered (see <see cref="StartAsync"/>).</summary>
    public bool DiedStarting { get; private set; }

    /// <summary>Until a line of the app's log matches <paramref name="pattern"/> (both runs log to one file), at most <see cref="Generous"/> twice.</summary>
    public async Task<Match> LogLineAsync(string pattern)
    {
        var deadline = DateTime.UtcNow + Generous + Generous;
        while (true)
        {
            if (Regex.Match(ReadLog(), pattern) is { Success: true } match) return match;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the app never logged /{pattern}/: {LogTail()}");
            await Task.Delay(500);
        }
    }

    /// <summary>The end of the app's log, for an assertion's message.</summary>
    public string LogTail(int chars = 4000)
    {
        var text = ReadLog();
        return text.Length <= chars ? text : "…" + text[^chars..];
    }

    private string ReadLog()
    {
        using var file = new FileStream(AppLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        return reader.ReadToEnd();
    }

    /// <summary>Until the process ended on its own (the fault point), at most <see cref="Generous"/>; false if it never did.</summary>
    public async Task<bool> DiesAsync()
    {
        var died = await _app.WaitForExitAsync(Generous);
        DiedAt = DateTime.UtcNow;
        return died;
    }

    /// <summary>Starts the app again on the same file without the fault; the time until it answered (signed in, API up).</summary>
    public async Task<TimeSpan> RestartAsync()
    {
        await _app.DisposeAsync();
        var clock = Stopwatch.StartNew();
        _app = AppProcess.Start(Trials.AppDll(), Database, AppLog, fault: null, _settings);
        await _app.WaitReadyAsync(Http, Generous);
        return clock.Elapsed;
    }

    /// <summary>One client registering products and giving them stock until the process is gone or <paramref name="ct"/> ends.</summary>
    public Task KeepWritingAsync(string prefix, CancellationToken ct) => Task.Run(async () =>
    {
        var api = Api;
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var sku = $"{prefix}-{n}";
            var registered = await api.SendAsync(0, "RegisterProduct", Commands.Register(sku), ct: ct);
            if (registered is null) return; // the process is gone
            var received = await api.SendAsync(0, "ReceiveStock", Commands.Receive(sku, 5, "during the operation"), ct: ct);
            if (received is null) return;
            if (registered.Ack is null || received.Ack is null) await Task.Delay(200, CancellationToken.None); // 429 / 503: do not spin
        }
    }, CancellationToken.None);

    /// <summary>The checks after the restart: every acknowledged command stored once, no gap, projections verify clean, integrity after the start-up pass.</summary>
    public async Task<OperationFindings> CheckAsync()
    {
        var log = StoredLog.Read(Database);
        var durability = DurabilityCheck.Run(Ledger, log, DiedAt);
        var projections = await ProjectionCheck.RunAsync(Http, Address, log.Head, Generous);
        var integrity = await IntegrityAsync(run => run["startedBy"]?.ToString() == "start-up");
        return new OperationFindings(durability, projections, integrity);
    }

    /// <summary>GET /api/integrity once a verification <paramref name="matching"/> has finished (the start-up one, or one asked for).</summary>
    public async Task<JsonObject> IntegrityAsync(Func<JsonObject, bool> matching)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (true)
        {
            var status = await GetJsonAsync("/api/integrity");
            if (status["verification"] is JsonObject run && run["running"]?.GetValue<bool>() == false && run["finishedAt"] is not null && matching(run))
                return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no finished verification in {Generous.TotalMinutes} min: {status.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(Address, path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body) as JsonObject ?? throw new InvalidOperationException($"GET {path}: not an object: {body}");
    }

    /// <summary>POSTs <paramref name="body"/> as JSON; the status, or null when no answer came (the process died first).</summary>
    public async Task<int?> PostAsync(string path, JsonObject body) => (await PostForAnswerAsync(path, body)).Status;

    private async Task<(int? Status, string Body)> PostForAnswerAsync(string path, JsonObject body)
    {
        try
        {
            using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            using var response = await Http.PostAsync(new Uri(Address, path), content);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            return (null, "");
        }
    }

    /// <summary>
    /// POSTs an operator action that only the projector runs until it is accepted: right after a restart the killed
    /// process's projector lease is still valid (Cluster:LeaseTimeout) and the action is refused 409 "Not the projector".
    /// Returns how long that took; fails on any other answer.
    /// </summary>
    public async Task<TimeSpan> PostOnceTheProjectorAsync(string path, JsonObject body, int accepted)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (status, text) = await PostForAnswerAsync(path, body);
            if (status == accepted) return clock.Elapsed;
            Assert.True(status == 409 && text.Contains("Not the projector", StringComparison.Ordinal), $"POST {path} answered {status}: {text}");
            if (clock.Elapsed > Generous) throw new TimeoutException($"POST {path} still refused after {Generous.TotalMinutes} min: {text}");
            await Task.Delay(250);
        }
    }

    /// <summary>Until <paramref name="condition"/> holds on the stored log (read from the file, beside the running app).</summary>
    public async Task<StoredLog> StoredUntilAsync(Func<StoredLog, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (true)
        {
            var log = StoredLog.Read(Database);
            if (condition(log)) return log;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: not seen in {Generous.TotalMinutes} min (head {log.Head}).");
            await Task.Delay(250);
        }
    }

    /// <summary>How many commands went unanswered (in flight at the death).</summary>
    public int Unanswered => Ledger.Unanswered.Count;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.DisposeAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // Disposed already: a restart that failed to start left the old one.
        }
        Http.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
