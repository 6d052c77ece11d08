using System.Diagnostics;

namespace BlazorEs.Benchmarks.Suite;

/// <summary>What every scenario gets: the size of the run, a scratch folder, progress output, and figures other scenarios share.</summary>
public sealed class BenchContext(BenchmarkSize size, string workFolder, TextWriter log, string? historyFile = null)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public BenchmarkSize Size { get; } = size;

    public string WorkFolder { get; } = workFolder;

    /// <summary>
    /// Where the large history is kept between runs (`--history FILE`): reused when it exists, generated there and
    /// kept when not. Null: generated into the scratch folder and deleted with it.
    /// </summary>
    public string? HistoryFile { get; } = historyFile;

    public bool IsSmoke => Size.Mode == "smoke";

    /// <summary>
    /// Run by the scale series (--scale): scenarios keep to their headline figures, skipping the diagnostics that cost
    /// another pass over the log or hold the whole log in memory (10M events would not fit a 24 GiB machine's budget).
    /// </summary>
    public bool ScaleSeries { get; init; }

    /// <summary>Figures a later scenario compares with (e.g. our append rates next to Marten's).</summary>
    public Dictionary<string, Figure> Shared { get; } = new(StringComparer.Ordinal);

    public void Log(string message) => log.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {message}");

    public string Folder(string name)
    {
        var folder = Path.Combine(WorkFolder, name);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
