using System.Diagnostics;

namespace BlazorEs.CrashTrials;

/// <summary>What one trial (one kill, one restart, the checks) did and found.</summary>
internal sealed record TrialResult(
    int Trial,
    string Load,
    int Seed,
    int Cycle,
    int KillAfterMs,
    bool EndedOnItsOwn,
    int? ExitCode,
    int Sent,
    int Acknowledged,
    int Duplicates,
    IReadOnlyDictionary<int, int> Statuses,
    long Head,
    IReadOnlyList<LostCommand> Lost,
    IReadOnlyList<long> MissingPositions,
    IReadOnlyList<string> StreamFaults,
    IReadOnlyList<string> CommandFaults,
    IReadOnlyList<string> RefusedButStored,
    IReadOnlyList<ProjectionVerdict> Projections,
    string? Error,
    string Folder,
    double Seconds)
{
    /// <summary>Rows the projections disagree with a replay on, plus projections that could not be verified at all.</summary>
    public int Drift => Projections.Sum(p => p.Differences < 0 ? 1 : p.Differences);

    public bool Clean => Error is null && Lost.Count == 0 && MissingPositions.Count == 0 && StreamFaults.Count == 0
        && CommandFaults.Count == 0 && Drift == 0;
}

/// <summary>
/// A chain of crash trials on one fresh SQLite file: the published app in Production, a load from several clients,
/// SIGKILL at a random moment (or the process failing itself at a fault point), a restart on the same file, the
/// checks; then the restarted process takes the next trial's load, and so on for <c>--cycles</c> kills. Every check
/// covers every command acknowledged on the file so far, not only the last trial's.
/// </summary>
internal sealed class CrashTrial(TrialOptions options, string appDll)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    public async Task<IReadOnlyList<TrialResult>> RunAsync(int firstTrial, int cycles, LoadKind kind, int seed, Action<TrialResult> report)
    {
        var name = TrialOptions.Name(kind);
        var folder = Path.Combine(options.WorkDir, $"trial-{firstTrial:D4}-{name}-{seed}");
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "blazores.db");
        var appLog = Path.Combine(folder, "app.log");
        var random = new Random(seed);
        var load = ITrialLoad.For(kind);
        var ledger = new Ledger();
        var results = new List<TrialResult>();
        var reportedLost = new HashSet<string>(StringComparer.Ordinal);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(100),
        };

        AppProcess? app = null;
        try
        {
            app = AppProcess.Start(appDll, database, appLog, options.Fault, load.Settings);
            await app.WaitReadyAsync(http, StartTimeout);
            await load.SetupAsync(new CommandClient(http, app.Address, ledger, name), CancellationToken.None);
            for (var cycle = 0; cycle < cycles; cycle++)
            {
                var clock = Stopwatch.StartNew();
                var killAfter = random.Next(options.KillAfterMinMs, options.KillAfterMaxMs + 1);
                // The first trial counts its setup's commands too: they are acknowledged and checked like the rest.
                var (sentBefore, acksBefore) = cycle == 0 ? (0, 0) : (ledger.Sent, ledger.AcknowledgedCount);
                var duplicatesBefore = ledger.Acknowledged.Count(a => a.Ack!.Duplicate);
                var endedOnItsOwn = false;
                int? exitCode = null;
                try
                {
                    var api = new CommandClient(http, app.Address, ledger, name);
                    // A restarted process is cold: without this its first commands take longer than the kill window on a busy machine.
                    if (cycle > 0) await WarmUpAsync(api, cycle);
                    using var stop = new CancellationTokenSource();
                    var clients = Enumerable.Range(0, load.ClientCount(options.Clients))
                        .Select(i => Task.Run(() => load.RunClientAsync(api, i, new Random(unchecked(seed * 31 + cycle * 1009 + i)), stop.Token)))
                        .ToArray();
                    await WaitForAcknowledgementsAsync(ledger, ledger.AcknowledgedCount + options.KillAfterAcks, app);
                    // With a fault point the process is expected to fail itself first; the kill is the fallback.
                    endedOnItsOwn = await app.WaitForExitAsync(TimeSpan.FromMilliseconds(killAfter));
                    exitCode = app.ExitCode;
                    var killedAt = DateTime.UtcNow;
                    await app.DisposeAsync();
                    app = null;
                    stop.Cancel();
                    try { await Task.WhenAll(clients); }
                    catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException) { }

                    if (options.DropWal)
                    {
                        // The checker's own test: every commit not yet checkpointed into the main file goes with the WAL.
                        File.Delete(database + "-wal");
                        File.Delete(database + "-shm");
                    }
                    app = AppProcess.Start(appDll, database, appLog, fault: null, load.Settings);
                    await app.WaitReadyAsync(http, StartTimeout);
                    await load.AfterRestartAsync(new CommandClient(http, app.Address, ledger, name), CancellationToken.None);

                    var log = StoredLog.Read(database);
                    var findings = DurabilityCheck.Run(ledger, log, killedAt);
                    var projections = await ProjectionCheck.RunAsync(http, app.Address, log.Head, StartTimeout);
                    var lost = findings.Lost.Where(l => reportedLost.Add(l.Answer.Ack!.CommandId)).ToList();
                    Add(new TrialResult(firstTrial + cycle, name, seed, cycle + 1, killAfter, endedOnItsOwn, exitCode,
                        ledger.Sent - sentBefore, ledger.AcknowledgedCount - acksBefore,
                        ledger.Acknowledged.Count(a => a.Ack!.Duplicate) - duplicatesBefore, ledger.StatusCounts(), log.Head, lost,
                        findings.MissingPositions, findings.StreamFaults, findings.CommandFaults, findings.RefusedButStored,
                        projections, null, folder, clock.Elapsed.TotalSeconds));
                }
                catch (Exception ex)
                {
                    Add(new TrialResult(firstTrial + cycle, name, seed, cycle + 1, killAfter, endedOnItsOwn, exitCode,
                        ledger.Sent - sentBefore, ledger.AcknowledgedCount - acksBefore, 0, ledger.StatusCounts(), 0, [], [], [], [], [], [],
                        $"{ex.GetType().Name}: {ex.Message}", folder, clock.Elapsed.TotalSeconds));
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            Add(new TrialResult(firstTrial, name, seed, 0, 0, false, null, ledger.Sent, ledger.Acknowledged.Count(), 0,
                ledger.StatusCounts(), 0, [], [], [], [], [], [], $"setting up: {ex.GetType().Name}: {ex.Message}", folder, 0));
        }
        finally
        {
            if (app is not null) await app.DisposeAsync();
        }
        if (results.All(r => r.Clean) && !options.KeepFiles) TryDelete(folder);
        return results;

        void Add(TrialResult result)
        {
            results.Add(result);
            report(result);
        }
    }

    /// <summary>Until the load has <paramref name="target"/> acknowledgements in all, or the process ended (a fault point), at most three minutes.</summary>
    private static async Task WaitForAcknowledgementsAsync(Ledger ledger, int target, AppProcess app)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (ledger.AcknowledgedCount < target && !app.HasExited && DateTime.UtcNow < deadline) await Task.Delay(20);
    }

    /// <summary>One product registered and stocked through the command path (acknowledged, so checked like the rest).</summary>
    private static Task WarmUpAsync(CommandClient api, int cycle) =>
        Commands.RegisterAsync(api, [$"CRASH-WARM-{cycle}"], 1, CancellationToken.None);

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }
}
