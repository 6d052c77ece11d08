namespace BlazorEs.Tests.Shared;

/// <summary>
/// A row of docs/reliability.md's fault table (issue 16): one file per row in the folder BLAZORES_FAULT_REPORT names.
/// scripts/fault-table.sh sets it, runs every fault test of every test project and rewrites the table from the rows;
/// without it (a plain test run) nothing is written. Compiled into each test project (Tests/Directory.Build.props).
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
