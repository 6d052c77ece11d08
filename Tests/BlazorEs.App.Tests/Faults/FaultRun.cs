using System.Diagnostics;
using System.Net;
using System.Text.Json;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Faults;

/// <summary>What one command answered while a fault was on or after it ended.</summary>
public sealed record FaultAnswer(int Status, string? CommandId, string? Detail, TimeSpan Took, DateTime At);

/// <summary>
/// Drives commands at a real server (Kestrel, a real SQLite file) through a fault: before, during and after, until one
/// succeeds after the fault ends. Then checks the physics: no 500 other than a clear 503, no hang, every acknowledged
/// command in the store, every projection live and verifying clean.
/// </summary>
public sealed class FaultRun(WebApplicationFactory<Program> app, HttpClient client)
{
    private int _next;

    public List<FaultAnswer> Answers { get; } = [];

    public TimeSpan? Recovery { get; private set; }

    /// <summary>Sends one command (a new product: its own stream) and records what came back.</summary>
    public async Task<FaultAnswer> SendAsync(string lane)
    {
        var sku = $"{lane.ToUpperInvariant()}-{Interlocked.Increment(ref _next):D5}";
        var started = Stopwatch.GetTimestamp();
        FaultAnswer answer;
        try
        {
            using var response = await client.SendCommandAsync("RegisterProduct", new { sku, name = "Fault " + sku, price = 1m });
            var text = await response.Content.ReadAsStringAsync();
            var json = text.Length > 0 && text[0] == '{' ? JsonDocument.Parse(text).RootElement : default;
            answer = new FaultAnswer((int)response.StatusCode,
                response.StatusCode == HttpStatusCode.OK ? json.GetProperty("commandId").GetString() : null,
                response.StatusCode == HttpStatusCode.OK ? null : json.ValueKind == JsonValueKind.Object && json.TryGetProperty("detail", out var d) ? d.GetString() : text,
                Stopwatch.GetElapsedTime(started), DateTime.UtcNow);
        }
        catch (TaskCanceledException)
        {
            answer = new FaultAnswer(0, null, "no answer within the client's timeout (a hang)", Stopwatch.GetElapsedTime(started), DateTime.UtcNow);
        }
        lock (Answers) Answers.Add(answer);
        return answer;
    }

    /// <summary>Two lanes of commands while <paramref name="fault"/> runs (it ends the fault when it returns), then until one succeeds.</summary>
    public async Task DriveAsync(Func<Task> fault, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var lanes = new[] { "L1", "L2" }.Select(lane => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await SendAsync(lane);
                try { await Task.Delay(200, stop.Token); } catch (OperationCanceledException) { }
            }
        }, CancellationToken.None)).ToList();
        await fault();
        var ended = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        // Bounded, so a server that never recovers fails the test with what it answered instead of hanging it.
        for (var attempt = 0; (await SendAsync("R")).Status != 200; attempt++)
        {
            Assert.True(attempt < 600, "no command succeeded after the fault ended: " + string.Join("; ", Answers.TakeLast(3).Select(a => $"{a.Status} {a.Detail}"))
                + "\nwhat the server logged last:\n" + ServerLogTail());
            await Task.Delay(100, ct);
        }
        Recovery = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(lanes);
        Assert.Contains(Answers, a => a.At >= ended && a.Status == 200);
    }

    /// <summary>
    /// The server's last warnings and errors with their exceptions (the stack of a fault the client saw as a 503), after
    /// the writer's last failed batch: its line says whether the connection itself was read-only (StoreFaults.Diagnose).
    /// </summary>
    private string ServerLogTail()
    {
        if (app is not ApiFactory { ServerLog: { } log }) return "(not kept: start the ApiFactory with KeepServerLog)";
        var records = log.GetSnapshot();
        var writer = records.LastOrDefault(r => r.Category?.EndsWith(nameof(EventStoreWriter), StringComparison.Ordinal) == true);
        var shown = (writer is null ? records.TakeLast(4) : records.TakeLast(4).Prepend(writer).Distinct()).ToList();
        return string.Join("\n", shown.Select(r => $"{r.Timestamp:HH:mm:ss.fff} {r.Level} {r.Category}: {r.Message}\n{r.Exception}"));
    }

    /// <summary>The physics after the fault: clear answers only, nothing acknowledged lost, projections live and clean.</summary>
    public async Task<string> AssertRecoveredAsync(CancellationToken ct)
    {
        var unclear = Answers.Where(a => a.Status is not (200 or 503)).ToList();
        Assert.True(unclear.Count == 0, "unclear answers: " + string.Join("; ", unclear.Select(a => $"{a.Status} {a.Detail}")));
        Assert.All(Answers.Where(a => a.Status == 503), a => Assert.False(string.IsNullOrWhiteSpace(a.Detail)));
        var reader = app.Services.GetRequiredService<EventReader>();
        var acknowledged = Answers.Where(a => a.Status == 200).ToList();
        var lost = 0;
        foreach (var a in acknowledged)
            if (await reader.CommandResultAsync(a.CommandId!, ct) is null) lost++;
        Assert.Equal(0, lost);

        var catalog = app.Services.GetRequiredService<ProjectionCatalog>();
        var head = await reader.HeadPositionAsync(ct);
        await catalog.CatchUpAsync(head, TimeSpan.FromSeconds(30), ct);
        var jobs = app.Services.GetRequiredService<VerificationJobs>();
        foreach (var runner in catalog.All)
        {
            var status = await runner.StatusAsync(ct);
            Assert.True(status.ParkedAt is null, $"{runner.Name} parked at {status.ParkedAt}: {status.LastError}");
            jobs.Start(runner.Name, "fault-suite");
            var job = await jobs.WaitAsync(runner.Name, ct);
            Assert.True(job.Healthy == true, $"{runner.Name}: {job.State} {job.Error} {job.DifferenceCount} differences");
        }
        return $"{acknowledged.Count} / {lost}";
    }

    /// <summary>"503 'the database is locked …' in at most 10.1 s" — what a user saw during the fault.</summary>
    public string WhatTheUserSaw()
    {
        var refused = Answers.Where(a => a.Status == 503).ToList();
        if (refused.Count == 0) return "every command succeeded (slower while the fault lasted)";
        var detail = refused.GroupBy(a => a.Detail).OrderByDescending(g => g.Count()).First().Key ?? "";
        return $"{refused.Count} × 503 + Retry-After, \"{detail}\", answered in at most {refused.Max(a => a.Took).TotalSeconds:0.0} s";
    }
}
