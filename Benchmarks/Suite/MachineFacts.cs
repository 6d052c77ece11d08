using System.Runtime.InteropServices;

namespace BlazorEs.Benchmarks.Suite;

/// <summary>What the figures were measured on, and how busy the machine was.</summary>
public sealed record MachineFacts(string Cpu, int Cores, double MemoryGiB, string Os, string Runtime, string LoadAverage)
{
    public static MachineFacts Read() => new(
        CpuModel(),
        Environment.ProcessorCount,
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        RuntimeInformation.OSDescription,
        $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture}, {(System.Runtime.GCSettings.IsServerGC ? "Server" : "Workstation")} GC)",
        LoadAverageNow());

    /// <summary>1, 5 and 15 minute load averages (what `uptime` shows), or "unknown" off Linux.</summary>
    public static string LoadAverageNow()
    {
        const string path = "/proc/loadavg";
        if (!File.Exists(path)) return "unknown";
        var parts = File.ReadAllText(path).Split(' ');
        return string.Join(" ", parts.Take(3));
    }

    private static string CpuModel()
    {
        const string path = "/proc/cpuinfo";
        if (!File.Exists(path)) return RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? "unknown";
    }
}
