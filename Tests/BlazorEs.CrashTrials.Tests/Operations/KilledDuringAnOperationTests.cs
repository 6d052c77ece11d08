using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BlazorEs.CrashTrials;
using BlazorEs.Infrastructure.Crash;

namespace BlazorEs.CrashTrials.Tests.Operations;

/// <summary>
/// kill -9 inside each long operation (issue 16, fault 4): the app's own process dies at a fault point inside a
/// rebuild's swap, a snapshot write, the demo seed, an export and a full integrity verification (BLAZORES_FAULT=
/// point:fail-fast, no shutdown code runs), while a client keeps sending commands. Restarted on the same file without
/// the fault: every acknowledged command is stored once, no position is missing, every projection verifies clean
/// against a replay, the integrity state is intact, what the operation left is visible in the audit, and the operation
/// runs again to the end. Each test writes its row of docs/reliability.md's fault table (scripts/fault-table.sh).
/// </summary>
public sealed class KilledDuringAnOperationTests
{
    private const string SeedPrefix = "demo-seed-";

    [Fact]
    public async Task ARebuildKilledInItsSwapKeepsTheOldRowsAndRunsAgainAfterTheRestart()
    {
        await using var trial = await OperationTrial.StartAsync($"{FaultPoints.RebuildSwap}:fail-fast");
        await Commands.RegisterAsync(trial.Api, Skus("RB", 20), 10, CancellationToken.None);
        var writing = trial.KeepWritingAsync("RB-W", CancellationToken.None);

        var requested = await trial.PostAsync("/api/projections/StockLevels/rebuild", Reason("a rebuild killed in its swap"));
        Assert.True(await trial.DiesAsync(), "the process never reached rebuild.swap: " + trial.LogTail());
        await writing;
        var killed = StoredLog.Read(trial.Database);
        Assert.Contains(killed.Rows, r => r.Type == "ProjectionRebuildStarted");
        Assert.DoesNotContain(killed.Rows, r => r.Type is "ProjectionRebuilt" or "ProjectionRebuildFailed");

        var restart = await trial.RestartAsync();
        var findings = await trial.CheckAsync();
        Assert.True(findings.Clean, findings.Describe());

        var refused = await trial.PostOnceTheProjectorAsync("/api/projections/StockLevels/rebuild", Reason("the rebuild again after the restart"), 202);
        var again = Stopwatch.StartNew();
        var rebuilt = await trial.StoredUntilAsync(log => log.Rows.Any(r => r.Type is "ProjectionRebuilt" or "ProjectionRebuildFailed"), "the second rebuild finishing");
        again.Stop();
        Assert.DoesNotContain(rebuilt.Rows, r => r.Type == "ProjectionRebuildFailed");
        var verdicts = await ProjectionCheck.RunAsync(trial.Http, trial.Address, StoredLog.Read(trial.Database).Head, OperationTrial.Generous);
        Assert.All(verdicts, v => Assert.True(v.Differences == 0, $"{v.Name} after the second rebuild: {v.Differences} differences {v.Detail}"));

        OperationReport.Row("4a-kill-rebuild-swap", "kill -9 in a rebuild's swap (StockLevels: live rows replaced and counted, checkpoint not moved, not committed)",
            $"{Answer(requested)} for the rebuild, then the app was gone ({InFlight(trial)}); the operator audit shows the rebuild requested and started, never finished; after the restart the old rows, verified clean",
            $"{findings.Durability.Acknowledged} / {findings.Durability.Lost.Count}",
            OperationReport.Recovery(restart, $"a rebuild is refused 409 \"Not the projector\" until the dead process's lease runs out ({refused.TotalSeconds:0.0} s here), then requested again it finished in {again.Elapsed.TotalSeconds:0.0} s"));
    }

    [Fact]
    public async Task ASnapshotWriteKilledHalfwayLeavesNoSnapshotAndIsWrittenAgainAfterTheRestart()
    {
        var settings = new Dictionary<string, string> { ["Replay__SnapshotEvery"] = "50" };
        await using var trial = await OperationTrial.StartAsync($"{FaultPoints.SnapshotWrite}:fail-fast", settings);
        var writing = trial.KeepWritingAsync("SN-W", CancellationToken.None);

        Assert.True(await trial.DiesAsync(), "the process never reached snapshot.write: " + trial.LogTail());
        await writing;
        Assert.True(StoredLog.Read(trial.Database).Head >= 50, "a snapshot was due (50 events past none)");
        Assert.Empty(StoredSnapshots.Read(trial.Database)); // its transaction never committed: no half snapshot

        var restart = await trial.RestartAsync();
        var findings = await trial.CheckAsync();
        Assert.True(findings.Clean, findings.Describe());

        var projections = findings.Projections.Select(p => p.Name).ToList();
        await UntilAsync(() => projections.All(p => StoredSnapshots.Read(trial.Database).GetValueOrDefault(p)?.Contains(50) == true),
            "every projection's snapshot at 50 written again", trial);
        // A full verification checks every snapshot's seal against the chain; replay as of 50 starts from the snapshot.
        var asked = DateTime.UtcNow;
        Assert.Equal(202, await trial.PostAsync("/api/integrity/verify", new JsonObject()));
        var integrity = await trial.IntegrityAsync(run => run["startedBy"]?.ToString() == AppProcess.AdminUserName && FinishedAfter(run, asked));
        Assert.Equal("intact", integrity["state"]?.ToString());
        var asOf = await trial.GetJsonAsync("/api/replay/stock-levels?position=50");
        Assert.Equal(50, asOf["asOf"]?["position"]?.GetValue<long>());

        OperationReport.Row("4b-kill-snapshot-write", "kill -9 in a snapshot write (a read model's first snapshot, read from its table at its checkpoint, inserted, not committed)",
            $"nothing (snapshots are written in the background); the app was gone ({InFlight(trial)}); no snapshot stored",
            $"{findings.Durability.Acknowledged} / {findings.Durability.Lost.Count}",
            OperationReport.Recovery(restart, "the restarted snapshot writer found none stored, its backfill wrote every interval's (50 included), their seals verify, replay as of 50 answers"));
    }

    [Fact]
    public async Task ASeedKilledHalfwayIsResumedAfterTheRestartWithoutACommandTwice()
    {
        var settings = new Dictionary<string, string> { ["Seed__Enabled"] = "true" };
        // The seed starts by itself at start-up; the 3,000th command can come before the app answers (then no client writes).
        await using var trial = await OperationTrial.StartAsync($"{FaultPoints.SeedCommand}:fail-fast@3000", settings, mayDieStarting: true);
        var writing = trial.KeepWritingAsync("SD-W", CancellationToken.None);

        Assert.True(await trial.DiesAsync(), "the process never reached seed.command@3000: " + trial.LogTail());
        await writing;
        var planned = await trial.LogLineAsync(@"Seeding a demo history of ([\d,.  ]+) commands \(([\d,.  ]+) events\)");
        var (total, events) = (Number(planned.Groups[1].Value), Number(planned.Groups[2].Value));
        var stored = StoredLog.Read(trial.Database).Commands.Keys.Count(k => k.StartsWith(SeedPrefix, StringComparison.Ordinal));
        Assert.InRange(stored, 3000, total - 1);

        var restart = await trial.RestartAsync();
        var resumed = await trial.LogLineAsync(@"Resumed the demo history: ([\d,.  ]+) more commands \(([\d,.  ]+) were stored already\), (\d+) failed, in ([\d.,]+) s");
        Assert.Equal(0, Number(resumed.Groups[3].Value));
        Assert.Equal(stored, Number(resumed.Groups[2].Value));
        Assert.Equal(total - stored, Number(resumed.Groups[1].Value));
        var findings = await trial.CheckAsync();
        Assert.True(findings.Clean, findings.Describe()); // includes: each command id's events one run, with one Commands row
        var log = StoredLog.Read(trial.Database);
        Assert.Equal(total, log.Commands.Keys.Count(k => k.StartsWith(SeedPrefix, StringComparison.Ordinal)));
        Assert.Equal(events, log.Rows.Count(r => r.CommandId.StartsWith(SeedPrefix, StringComparison.Ordinal)));

        var seconds = double.Parse(resumed.Groups[4].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
        OperationReport.Row("4c-kill-seed", "kill -9 during the demo seed (after its 3,000th command, 64 in flight)",
            $"the console stopped answering with {stored:N0} of {total:N0} seed commands stored{(trial.DiedStarting ? "" : $" ({InFlight(trial)})")}; after the restart the seed resumed by its commands' ids: the other {total - stored:N0} sent, none twice, {events:N0} seed events in all",
            $"{findings.Durability.Acknowledged} / {findings.Durability.Lost.Count}",
            OperationReport.Recovery(restart, $"the resumed seed ran {seconds:0.0} s (it starts once the dead process's projector lease ran out)"));
    }

    [Fact]
    public async Task AnExportKilledHalfwayIsInTheAuditAsStartedAndRunsAgainToAVerifiedFile()
    {
        await using var trial = await OperationTrial.StartAsync($"{FaultPoints.ExportWriting}:fail-fast@200");
        await Commands.RegisterAsync(trial.Api, Skus("EX", 150), 10, CancellationToken.None);
        var writing = trial.KeepWritingAsync("EX-W", CancellationToken.None);

        var broken = await ExportDownload.GetAsync(trial.Http, new Uri(trial.Address, "/api/export/events?format=jsonl"));
        Assert.True(await trial.DiesAsync(), "the process never reached export.writing@200: " + trial.LogTail());
        await writing;
        Assert.False(broken.HasManifest, "the killed export was complete");
        Assert.InRange(broken.Lines.Count, 0, 200);
        var audit = StoredLog.Read(trial.Database).Rows.Where(r => r.StreamId == "export-audit").ToList();
        Assert.Equal(new[] { "EventsExportStarted" }, audit.Select(r => r.Type));

        var restart = await trial.RestartAsync();
        var findings = await trial.CheckAsync();
        Assert.True(findings.Clean, findings.Describe());

        var again = Stopwatch.StartNew();
        var export = await ExportDownload.GetAsync(trial.Http, new Uri(trial.Address, "/api/export/events?format=jsonl"));
        again.Stop();
        Assert.True(export is { Status: 200, BrokeOff: false, HasManifest: true }, $"the export after the restart: {export.Status}, {export.Lines.Count} lines");
        var (exit, output) = await export.VerifyOfflineAsync(Path.Combine(trial.Folder, "export.jsonl"), OperationTrial.SigningKey);
        Assert.True(exit == 0, output);
        Assert.Contains("VERIFIED", output);
        audit = StoredLog.Read(trial.Database).Rows.Where(r => r.StreamId == "export-audit").ToList();
        Assert.Equal(new[] { "EventsExportStarted", "EventsExportStarted", "EventsExported" }, audit.Select(r => r.Type));
        Assert.All(audit, r => Assert.Equal("ExportEvents", r.CommandName));

        OperationReport.Row("4d-kill-export", "kill -9 during an evidence export (after its 200th event written)",
            $"{broken.Seen()}; the export audit shows it started (who, filters), never completed",
            $"{findings.Durability.Acknowledged} / {findings.Durability.Lost.Count}",
            OperationReport.Recovery(restart, $"the export again: {export.Lines.Count - 1} events in {again.Elapsed.TotalSeconds:0.0} s, verified offline (verify-export)"));
    }

    [Fact]
    public async Task AnIntegrityVerificationKilledHalfwayIsAuditedAndRunsAgainToIntact()
    {
        // The start-up pass is the first full verification; the one asked for is the second.
        await using var trial = await OperationTrial.StartAsync($"{FaultPoints.IntegrityVerify}:fail-fast@2");
        await trial.IntegrityAsync(run => run["startedBy"]?.ToString() == "start-up");
        await Commands.RegisterAsync(trial.Api, Skus("IV", 20), 10, CancellationToken.None);
        var writing = trial.KeepWritingAsync("IV-W", CancellationToken.None);

        var requested = await trial.PostAsync("/api/integrity/verify", new JsonObject());
        Assert.True(await trial.DiesAsync(), "the process never reached integrity.verify@2: " + trial.LogTail());
        await writing;
        Assert.Contains(StoredLog.Read(trial.Database).Rows, r => r.Type == "IntegrityVerificationRequested");

        var restart = await trial.RestartAsync();
        var findings = await trial.CheckAsync();
        Assert.True(findings.Clean, findings.Describe());

        var again = Stopwatch.StartNew();
        var asked = DateTime.UtcNow;
        Assert.Equal(202, await trial.PostAsync("/api/integrity/verify", new JsonObject()));
        var integrity = await trial.IntegrityAsync(run => run["startedBy"]?.ToString() == AppProcess.AdminUserName && FinishedAfter(run, asked));
        again.Stop();
        Assert.Equal("intact", integrity["state"]?.ToString());

        OperationReport.Row("4e-kill-integrity-verify", "kill -9 in a full integrity verification (chain scanned, Commands and snapshot seals not yet)",
            $"{Answer(requested)} for the verification, then the app was gone ({InFlight(trial)}); the request is in the integrity audit",
            $"{findings.Durability.Acknowledged} / {findings.Durability.Lost.Count}",
            OperationReport.Recovery(restart, $"a verification asked for again finished intact in {again.Elapsed.TotalSeconds:0.0} s"));
    }

    private static IEnumerable<string> Skus(string prefix, int count) => Enumerable.Range(1, count).Select(i => $"{prefix}-{i}");

    private static JsonObject Reason(string reason) => new() { ["reason"] = reason };

    private static string InFlight(OperationTrial trial) =>
        trial.Unanswered == 1 ? "1 command in flight got no answer" : $"{trial.Unanswered} commands in flight got no answer";

    private static string Answer(int? status) => status is { } s ? $"{s}" : "no answer";

    private static int Number(string text) => int.Parse(Regex.Replace(text, "[^0-9]", ""), CultureInfo.InvariantCulture);

    private static bool FinishedAfter(JsonObject run, DateTime asked) =>
        run["startedAt"]?.GetValue<DateTime>() is { } started && started.ToUniversalTime() >= asked.AddSeconds(-1);

    private static async Task UntilAsync(Func<bool> condition, string what, OperationTrial trial)
    {
        var deadline = DateTime.UtcNow + OperationTrial.Generous;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: not seen in {OperationTrial.Generous.TotalMinutes} min. {trial.LogTail()}");
            await Task.Delay(250);
        }
    }
}
