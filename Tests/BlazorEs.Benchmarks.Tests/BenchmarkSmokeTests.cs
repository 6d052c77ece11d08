using BlazorEs.Benchmarks.Suite;

namespace BlazorEs.Benchmarks.Tests;

/// <summary>The smoke pass alone: it loads the machine, and timing-sensitive tests should not run beside it.</summary>
[CollectionDefinition(nameof(BenchmarkSmoke), DisableParallelization = true)]
public sealed class BenchmarkSmoke;

/// <summary>
/// Runs every benchmark scenario once on tiny data, as CI's guard that the suite still builds, runs and reports. No
/// thresholds on time; PostgreSQL and the browser screens are optional (their scenarios then report "not measured").
/// </summary>
[Collection(nameof(BenchmarkSmoke))]
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task TheSmokePassRunsEveryScenarioAndWritesTheReport()
    {
        var output = Path.Combine(Path.GetTempPath(), "blazores-tests", "bench-" + Guid.NewGuid().ToString("N")[..8]);
        var log = new StringWriter();
        try
        {
            var exit = await BenchmarkSuite.RunAsync(["--smoke", "--out", output], log);

            Assert.True(exit == 0, log.ToString());
            var report = await File.ReadAllTextAsync(Path.Combine(output, "benchmarks.md"));
            foreach (var scenario in Enumerable.Range(1, 8))
                Assert.Contains($"\n## {scenario}. ", report);
            Assert.Contains("\n## 12. Circuit memory", report);
            Assert.DoesNotContain("**Failed in this run:**", report);
            Assert.Contains("| EventStoreWriter, commits of 1,000 events, 1 writer | events/s |", report);
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }
}
