namespace BlazorEs.Browser.Tests;

/// <summary>
/// A row of docs/reliability.md's fault table, written as the App tests' fault suite writes its rows: one file in the
/// folder BLAZORES_FAULT_REPORT names (scripts/fault-table.sh sets it, runs the suites and rewrites the table).
/// </summary>
internal static class FaultTableRow
{
    public static void Write(string order, string fault, string userSaw, string acknowledgedLost, string recovery)
    {
        var folder = Environment.GetEnvironmentVariable("BLAZORES_FAULT_REPORT");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, order + ".row"), $"| {Escape(fault)} | {Escape(userSaw)} | {acknowledgedLost} | {Escape(recovery)} |\n");
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
