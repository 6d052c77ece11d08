namespace BlazorEs.Benchmarks.Suite;

/// <summary>How much each scenario does: the full run of issue 6, or a smoke pass that only proves every scenario runs.</summary>
public sealed record BenchmarkSize(
    string Mode,
    int Repetitions,
    int BulkCommits,
    int SingleCommits,
    int ConcurrentWriters,
    int CommandsPerClient,
    int LiveCommands,
    int Products,
    int HistoryEvents,
    int AsOfPoints,
    int StreamReads,
    int TimelineQueries,
    int FanOutClients,
    TimeSpan FanOutDuration,
    int FanOutEventsPerSecond)
{
    public const int BulkCommitSize = 1000;

    public static readonly BenchmarkSize Full = new(
        Mode: "full",
        Repetitions: 3,
        BulkCommits: 50,
        SingleCommits: 800,
        ConcurrentWriters: 8,
        CommandsPerClient: 500,
        LiveCommands: 200,
        Products: 2000,
        HistoryEvents: 1_000_000,
        AsOfPoints: 3,
        StreamReads: 200,
        TimelineQueries: 50,
        FanOutClients: 200,
        FanOutDuration: TimeSpan.FromSeconds(10),
        FanOutEventsPerSecond: 100);

    public static readonly BenchmarkSize Smoke = new(
        Mode: "smoke",
        Repetitions: 1,
        BulkCommits: 2,
        SingleCommits: 20,
        ConcurrentWriters: 8,
        CommandsPerClient: 10,
        LiveCommands: 5,
        Products: 50,
        HistoryEvents: 10_000,
        AsOfPoints: 2,
        StreamReads: 10,
        TimelineQueries: 3,
        FanOutClients: 10,
        FanOutDuration: TimeSpan.FromSeconds(1),
        FanOutEventsPerSecond: 50);
}
