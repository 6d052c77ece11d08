using BlazorEs.CrashTrials;

namespace BlazorEs.CrashTrials.Tests;

/// <summary>Runs trials of the app's build output (App/bin/&lt;this configuration&gt;) in a temp folder of the test's own.</summary>
internal static class Trials
{
    public static string AppDll()
    {
        // …/Tests/BlazorEs.CrashTrials.Tests/bin/<Configuration>/net10.0/
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(TrialRunner.RepositoryRoot(), "App", "bin", configuration, "net10.0", "BlazorEs.App.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build App first: {dll} is missing.");
    }

    /// <summary>The kill window starts after <paramref name="acks"/> acknowledgements, so a slow machine still kills a process under load.</summary>
    public static TrialOptions Options(string? fault = null, int killMin = 100, int killMax = 1000, int clients = 4, int acks = 5) => new()
    {
        KillAfterAcks = acks,
        Clients = clients,
        KillAfterMinMs = killMin,
        KillAfterMaxMs = killMax,
        Fault = fault,
        WorkDir = Path.Combine(Path.GetTempPath(), "blazores-crash-tests", Guid.NewGuid().ToString("N")),
    };

    public static async Task<TrialResult> RunAsync(LoadKind load, TrialOptions options, int seed = 1)
    {
        var results = await new CrashTrial(options, AppDll()).RunAsync(1, 1, load, seed, _ => { });
        return Assert.Single(results);
    }

    /// <summary>The trial as the tool prints it (every finding, each lost command with its explanation), for an assertion's message.</summary>
    public static string Describe(TrialResult result)
    {
        using var text = new StringWriter();
        TrialRunner.Print(result, quiet: false, text);
        return text.ToString();
    }

    public static void AssertClean(TrialResult result)
    {
        Assert.True(result.Clean, Describe(result));
        Assert.True(result.Acknowledged > 0, "no command was acknowledged: " + Describe(result));
    }
}
