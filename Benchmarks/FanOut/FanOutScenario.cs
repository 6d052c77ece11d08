using BlazorEs.Benchmarks.Suite;

namespace BlazorEs.Benchmarks.FanOut;

public static class FanOutScenario
{
    public static Task RunAsync(BenchContext context, ScenarioResult result)
    {
        result.NotMeasured = "not written yet";
        return Task.CompletedTask;
    }
}
