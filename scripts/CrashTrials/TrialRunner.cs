using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BlazorEs.CrashTrials;

/// <summary>Runs the trials (the loads in turn), prints each, and sums them up per load.</summary>
internal static class TrialRunner
{
    public static async Task<IReadOnlyList<TrialResult>> RunAsync(TrialOptions options, string appDll, TextWriter output)
    {
        Directory.CreateDirectory(options.WorkDir);
        var trial = new CrashTrial(options, appDll);
        var results = new List<TrialResult>();
        using var turns = new SemaphoreSlim(options.Parallel);
        StreamWriter? lines = null;
        if (options.ReportDir is { } dir)
        {
            Directory.CreateDirectory(dir);
            lines = new StreamWriter(Path.Combine(dir, "trials.jsonl"), append: true) { AutoFlush = true };
        }

        var chains = (options.Trials + options.Cycles - 1) / options.Cycles;
        var runs = Enumerable.Range(0, chains).Select(async j =>
        {
            await turns.WaitAsync();
            try
            {
                var cycles = Math.Min(options.Cycles, options.Trials - j * options.Cycles);
                await trial.RunAsync(j * options.Cycles + 1, cycles, options.Loads[j % options.Loads.Count], unchecked(options.Seed + j), result =>
                {
                    lock (results)
                    {
                        results.Add(result);
                        Print(result, options.Quiet, output);
                        lines?.WriteLine(JsonSerializer.Serialize(Line(result)));
                    }
                });
            }
            finally
            {
                turns.Release();
            }
        });
        await Task.WhenAll(runs);
        lines?.Dispose();

        var totals = Totals(results);
        output.WriteLine();
        output.WriteLine(totals);
        if (options.ReportDir is { } reportDir) await File.WriteAllTextAsync(Path.Combine(reportDir, "totals.md"), totals);
        return results;
    }

    public static void Print(TrialResult r, bool quiet, TextWriter output)
    {
        if (!quiet || !r.Clean)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trial {r.Trial,4} {r.Load,-11} seed {r.Seed} cycle {r.Cycle} kill at {r.KillAfterMs,4} ms{(r.EndedOnItsOwn ? $" (ended itself, exit {r.ExitCode})" : "")}: "
                + $"sent {r.Sent}, acknowledged {r.Acknowledged} ({r.Duplicates} duplicates), head {r.Head}, lost {r.Lost.Count}, "
                + $"gaps {r.MissingPositions.Count}, drift {r.Drift} ({r.Projections.Count} projections verified), {r.Seconds:F1} s{(r.Clean ? "" : "  <-- NOT CLEAN, files kept in " + r.Folder)}"));
        if (r.Error is not null) output.WriteLine($"  trial failed: {r.Error}");
        foreach (var lost in r.Lost)
        {
            output.WriteLine($"  LOST: {string.Join("; ", lost.Problems)}");
            output.Write(lost.Explanation);
        }
        if (r.RefusedButStored.Count > 0) output.WriteLine($"  answered as failed but stored (not a loss; a client retrying without its id would repeat it): {string.Join("; ", r.RefusedButStored.Take(5))}");
        if (r.MissingPositions.Count > 0) output.WriteLine($"  positions missing below the head: {string.Join(", ", r.MissingPositions)}");
        foreach (var fault in r.StreamFaults.Concat(r.CommandFaults)) output.WriteLine($"  {fault}");
        foreach (var p in r.Projections.Where(p => p.Differences != 0)) output.WriteLine($"  projection {p.Name}: {p.Differences} differences {p.Detail}");
    }

    private static object Line(TrialResult r) => new
    {
        r.Trial, r.Load, r.Seed, r.KillAfterMs, r.EndedOnItsOwn, r.ExitCode, r.Sent, r.Acknowledged, r.Duplicates, r.Head,
        Lost = r.Lost.Select(l => new { l.Answer.Ack!.CommandId, l.Answer.Ack.LastPosition, l.Problems, l.Explanation }),
        r.Cycle, r.MissingPositions, r.StreamFaults, r.CommandFaults, r.RefusedButStored, r.Drift, r.Error, r.Seconds,
        Statuses = r.Statuses.ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
    };

    /// <summary>The table docs/reliability.md shows: per load, trials, acknowledged, lost, gaps, drift.</summary>
    public static string Totals(IReadOnlyList<TrialResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| load | trials | failed to run | commands sent | acknowledged | of which duplicates | lost | positions missing | drift (rows) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var g in results.GroupBy(r => r.Load).OrderBy(g => g.Key, StringComparer.Ordinal).Append(results.GroupBy(_ => "**all**").FirstOrDefault()))
        {
            if (g is null) continue;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {g.Key} | {g.Count()} | {g.Count(r => r.Error is not null)} | {g.Sum(r => r.Sent):N0} | {g.Sum(r => r.Acknowledged):N0} | "
                + $"{g.Sum(r => r.Duplicates):N0} | {g.Sum(r => r.Lost.Count)} | {g.Sum(r => r.MissingPositions.Count)} | {g.Sum(r => r.Drift)} |"));
        }
        return text.ToString();
    }

    /// <summary>Publishes App (Release) into artifacts/crash-trials/app under the repository root and returns its dll.</summary>
    public static async Task<string> PublishAppAsync(TextWriter output)
    {
        var root = RepositoryRoot();
        var target = Path.Combine(root, "artifacts", "crash-trials", "app");
        output.WriteLine($"publishing App into {target} …");
        var publish = new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "App", "BlazorEs.App.csproj"), "-c", "Release", "-o", target, "--nologo", "-v", "q"])
        {
            UseShellExecute = false,
        };
        using var process = Process.Start(publish)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed with exit code {process.ExitCode}.");
        return Path.Combine(target, "BlazorEs.App.dll");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BlazorEs.sln"))) return dir.FullName;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BlazorEs.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run from inside the repository (BlazorEs.sln not found), or give --app.");
    }
}
