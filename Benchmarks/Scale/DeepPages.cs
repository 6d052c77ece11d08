using System.Diagnostics;
using BlazorEs.Benchmarks.History;
using BlazorEs.Benchmarks.Suite;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Benchmarks.Scale;

/// <summary>
/// Page 1,000 of the timeline (pages of 50, newest first), unfiltered and by one type: the cursor of that page is
/// found once by following the pages (untimed), then the page is read at it repeatedly. The timeline pages by
/// position (keyset), as the console does when an operator keeps pressing "older": a deep page is one indexed seek.
/// </summary>
internal static class DeepPages
{
    private const int PageSize = 50;
    private const int Depth = 1000;

    public static async Task MeasureAsync(HistoryStore history, ScalePoint point, int reads)
    {
        var reader = history.Store.Reader;
        point.Set(ScaleFigures.DeepUnfiltered, await P95Async(reader, EventFilter.None, reads), "ms");
        point.Set(ScaleFigures.DeepFiltered, await P95Async(reader, new EventFilter(Type: "StockReserved"), reads), "ms");
    }

    private static async Task<double> P95Async(EventReader reader, EventFilter filter, int reads)
    {
        long? cursor = null;
        for (var page = 1; page < Depth; page++)
        {
            var next = (await reader.ReadPageAsync(filter, cursor, PageSize, newestFirst: true)).Next;
            if (next is null) break; // a history shorter than 1,000 pages: its last page
            cursor = next;
        }
        var latencies = new List<double>();
        for (var i = 0; i < reads; i++)
        {
            var clock = Stopwatch.StartNew();
            var page = await reader.ReadPageAsync(filter, cursor, PageSize, newestFirst: true);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            if (page.Events.Count == 0) throw new InvalidOperationException($"Page {Depth} of the timeline ({filter}) came back empty.");
        }
        return Stats.Percentile(latencies, 95);
    }
}
