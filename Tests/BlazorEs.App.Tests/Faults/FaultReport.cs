namespace BlazorEs.App.Tests.Faults;

/// <summary>
/// Rows of docs/reliability.md's fault table: written by each fault test when BLAZORES_FAULT_REPORT names a folder
/// (scripts/fault-table sets it, runs the suite and rewrites the table from the rows).
/// </summary>
internal static class FaultReport
{
    public static void Row(string order, string fault, string userSaw, string acknowledgedLost, TimeSpan? recovery)
    {
        var folder = Environment.GetEnvironmentVariable("BLAZORES_FAULT_REPORT");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        var recovered = recovery is { } r ? $"{r.TotalSeconds:0.0} s after the fault ended, by itself" : "—";
        File.WriteAllText(Path.Combine(folder, order + ".row"), $"| {fault} | {Escape(userSaw)} | {acknowledgedLost} | {recovered} |\n");
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
