using BlazorEs.Benchmarks.Suite;
using BlazorEs.Benchmarks.Scale;

namespace BlazorEs.Benchmarks.Tests;

/// <summary>
/// The scale series (issue 17) on two tiny histories: it generates both, runs scenarios 3-5, deep pages, the storage
/// count and the app as its own process with a few seconds of mixed load, and writes its report with every figure for
/// every size. No thresholds on time or memory: the targets table says met or not, the test only that it was measured.
/// </summary>
[Collection(nameof(BenchmarkSmoke))]
public sealed class ScaleSeriesSmokeTests
{
    [Fact]
    public async Task TwoSmallSizesAreMeasuredEndToEndAndReportedSideBySide()
    {
        var output = Path.Combine(Path.GetTempPath(), "blazores-tests", "scale-" + Guid.NewGuid().ToString("N")[..8]);
        var log = new StringWriter();
        try
        {
            var exit = await BenchmarkSuite.RunAsync(["--scale", "3k,6k", "--mixed-load-minutes", "0.05", "--out", output], log);

            Assert.True(exit == 0, log.ToString());
            var report = await File.ReadAllTextAsync(Path.Combine(output, "benchmarks-scale.md"));
            Assert.Contains("| Figure | Unit | 3k (3,000) | 6k (6,000) | last / first |", report);
            foreach (var figure in new[] { "rebuild all projections", ScaleFigures.AsOfEvery, ScaleFigures.AsOfWhole, "one stream as of a version, p95",
                         "timeline first page unfiltered, p95", "timeline page 1,000 by type, p95", "startup to all projections live",
                         "working set after mixed load", "managed heap after start-up", "database file per event" })
            {
                var row = report.Split('\n').Single(l => l.StartsWith($"| {figure} |", StringComparison.Ordinal));
                Assert.DoesNotContain("—", row.Split('|')[3..5].Aggregate((a, b) => a + b));
            }
            if (File.Exists("/usr/bin/sqlite3")) Assert.Contains("| events + indexes per event | bytes |", report);
            Assert.Contains("## Targets", report);
            Assert.Contains("(0 failed)", report);
            Assert.True(File.Exists(Path.Combine(output, "benchmarks-scale-01.png")));
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    [Theory]
    [InlineData("abc", "is not a size")]
    [InlineData("3m,1m", "must grow")]
    [InlineData("", "at least one size")]
    public async Task ABadSizeListIsRefusedWithWhatIsWrong(string sizes, string says)
    {
        var log = new StringWriter();

        var exit = await BenchmarkSuite.RunAsync(["--scale", sizes], log);

        Assert.Equal(2, exit);
        Assert.Contains(says, log.ToString());
    }
}
