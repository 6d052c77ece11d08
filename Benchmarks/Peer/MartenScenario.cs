using BlazorEs.Benchmarks.Suite;

namespace BlazorEs.Benchmarks.Peer;

public static class MartenScenario
{
    public static Task RunAsync(BenchContext context, ScenarioResult result)
    {
        result.NotMeasured = "not written yet";
        return Task.CompletedTask;
    }
}
