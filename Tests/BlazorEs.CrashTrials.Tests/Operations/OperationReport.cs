using BlazorEs.Tests.Shared;

namespace BlazorEs.CrashTrials.Tests.Operations;

/// <summary>The kills' rows of docs/reliability.md's fault table (<see cref="FaultTableRow"/>).</summary>
internal static class OperationReport
{
    public static void Row(string order, string fault, string userSaw, string acknowledgedLost, string recovery) =>
        FaultTableRow.Write(order, fault, userSaw, acknowledgedLost, recovery);

    /// <summary>"restart: 4.2 s until the API answered; …" — the recovery column of a kill (a kill needs a restart: nothing recovers by itself).</summary>
    public static string Recovery(TimeSpan restart, string again) =>
        $"restart without the fault: {restart.TotalSeconds:0.0} s until the API answered; every projection verified clean, integrity intact; {again}";
}
