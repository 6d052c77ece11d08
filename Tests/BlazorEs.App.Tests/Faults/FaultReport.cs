using BlazorEs.Tests.Shared;

namespace BlazorEs.App.Tests.Faults;

/// <summary>The App fault suite's rows of docs/reliability.md's fault table (<see cref="FaultTableRow"/>), with its recovery column.</summary>
internal static class FaultReport
{
    public static void Row(string order, string fault, string userSaw, string acknowledgedLost, TimeSpan? recovery) =>
        FaultTableRow.Write(order, fault, userSaw, acknowledgedLost, recovery is { } r ? $"{r.TotalSeconds:0.0} s after the fault ended, by itself" : "—");
}
