using System.Diagnostics;

namespace BlazorEs.Benchmarks.Suite;

/// <summary>The process's CPU time and the GC's counters at one moment; the difference of two says what happened between.</summary>
public readonly record struct GcAndCpu(TimeSpan Cpu, TimeSpan GcPause, long Allocated, int OlderCollections)
{
    public static GcAndCpu Now() => new(
        Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(), GC.CollectionCount(1));

    public static GcAndCpu operator -(GcAndCpu a, GcAndCpu b) =>
        new(a.Cpu - b.Cpu, a.GcPause - b.GcPause, a.Allocated - b.Allocated, a.OlderCollections - b.OlderCollections);
}
