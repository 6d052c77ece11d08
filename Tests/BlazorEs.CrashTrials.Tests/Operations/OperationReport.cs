namespace BlazorEs.CrashTrials.Tests.Operations;

/// <summary>
/// Rows of docs/reliability.md's fault table, written as the App tests' fault suite writes its rows (one file per row in
/// the folder BLAZORES_FAULT_REPORT names; scripts/fault-table.sh sets it, runs the suites and rewrites the table).
/// </summary>
internal static class OperationReport
{
    public static void Row(string order, string fault, string userSaw, string acknowledgedLost, string recovery)
    {
        var folder = Environment.GetEnvironmentVariable("BLAZORES_FAULT_REPORT");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, order + ".row"), $"| {Escape(fault)} | {Escape(userSaw)} | {acknowledgedLost} | {Escape(recovery)} |\n");
    }

    /// <summary>"restart: 4.2 s until the API answered; …" — the recovery column of a kill (a kill needs a restart: nothing recovers by itself).</summary>
    public static string Recovery(TimeSpan restart, string again) =>
        $"restart without the fault: {restart.TotalSeconds:0.0} s until the API answered; every projection verified clean, integrity intact; {again}";

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
