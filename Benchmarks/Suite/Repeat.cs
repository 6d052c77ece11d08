using System.Diagnostics;

namespace BlazorEs.Benchmarks.Suite;

/// <summary>Plain Stopwatch timing: ratios measured in one run do not need a statistics framework.</summary>
public static class Repeat
{
    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Runs <paramref name="action"/> on <paramref name="clients"/> concurrent loops and returns each call's latency in ms.</summary>
    public static async Task<(TimeSpan Elapsed, List<double> LatenciesMs)> ClientsAsync(int clients, int callsPerClient, Func<int, int, Task> action)
    {
        var latencies = new List<double>[clients];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var own = latencies[client] = new List<double>(callsPerClient);
            for (var i = 0; i < callsPerClient; i++)
            {
                var callStarted = Stopwatch.GetTimestamp();
                await action(client, i);
                own.Add(Stopwatch.GetElapsedTime(callStarted).TotalMilliseconds);
            }
        })));
        return (Stopwatch.GetElapsedTime(started), latencies.SelectMany(l => l).ToList());
    }
}
