using BlazorEs.Benchmarks.Suite;

namespace BlazorEs.Benchmarks.Live;

public static class LiveLatencyScenario
{
    public static Task RunAsync(BenchContext context, ScenarioResult result)
    {
        result.NotMeasured = "not written yet";
        return Task.CompletedTask;
    }
}
