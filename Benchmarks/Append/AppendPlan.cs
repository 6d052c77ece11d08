using BlazorEs.Benchmarks.Suite;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Benchmarks.Append;

/// <summary>One commit to write: a stream, the version it is expected at, its events and its command's metadata.</summary>
public sealed record PlannedCommit(string StreamId, long ExpectedVersion, object[] Events, EventMetadata Metadata);

/// <summary>The commits of one append workload, one list per concurrent writer; every implementation writes exactly these.</summary>
public sealed record AppendPlan(string Key, string Title, IReadOnlyList<IReadOnlyList<PlannedCommit>> Writers)
{
    public int EventCount => Writers.Sum(w => w.Sum(c => c.Events.Length));

    public int CommitCount => Writers.Sum(w => w.Count);

    /// <summary>Commits of 1,000 events, one writer, each opening a new product stream.</summary>
    public static AppendPlan Bulk(int commits) => new(
        "bulk", $"commits of {BenchmarkSize.BulkCommitSize:N0} events, 1 writer",
        [Enumerable.Range(0, commits).Select(i =>
        {
            var sku = AppendWorkload.Sku(0, i);
            return new PlannedCommit(AppendWorkload.StreamOf(sku), ExpectedVersion.NoStream, AppendWorkload.Events(sku, BenchmarkSize.BulkCommitSize), AppendWorkload.Metadata(0));
        }).ToList()]);

    /// <summary>Single-event commits spread over each writer's own products, each expecting the stream's current version.</summary>
    public static AppendPlan Single(int totalCommits, int writers)
    {
        const int productsPerWriter = 50;
        var plan = Enumerable.Range(0, writers).Select(w =>
        {
            var versions = new long[productsPerWriter];
            return (IReadOnlyList<PlannedCommit>)Enumerable.Range(0, totalCommits / writers).Select(i =>
            {
                var product = i % productsPerWriter;
                var sku = AppendWorkload.Sku(w, product);
                return new PlannedCommit(AppendWorkload.StreamOf(sku), versions[product]++, [AppendWorkload.Event(sku, i)], AppendWorkload.Metadata(w));
            }).ToList();
        }).ToList();
        return new AppendPlan(writers == 1 ? "single-1" : $"single-{writers}",
            $"single-event commits, {writers} writer{(writers == 1 ? "" : "s")}", plan);
    }

    public IReadOnlyList<IReadOnlyList<RawRow[]>> ToRawRows(EventTypeMap types) =>
        Writers.Select(w => (IReadOnlyList<RawRow[]>)w.Select(c => RawRow.Commit(types, c.StreamId, c.ExpectedVersion + 1, c.Events, c.Metadata)).ToList()).ToList();
}
