using BlazorEs.Benchmarks.Append;
using BlazorEs.Benchmarks.Suite;
using BlazorEs.Tests.Postgres;
using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace BlazorEs.Benchmarks.Peer;

/// <summary>
/// Scenario 8: Marten's event store on PostgreSQL appending exactly scenario 1's commits (same events, same commit
/// sizes, same writers) with durable commits, in the same run; our EventStoreWriter figures from scenario 1 over Marten's.
/// </summary>
public static class MartenScenario
{
    public static async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        if (PostgresCluster.FindBinaries() is not { } bin)
        {
            result.NotMeasured = "PostgreSQL not installed (`apt-get install -y postgresql` brings Debian's PostgreSQL 15; the suite starts its own cluster).";
            return;
        }

        await using var cluster = await PostgresCluster.StartAsync(bin, context.Folder("postgres"));
        string synchronousCommit;
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var show = new NpgsqlCommand("SHOW synchronous_commit", connection);
            synchronousCommit = (string)(await show.ExecuteScalarAsync())!;
            await using var version = new NpgsqlCommand("SHOW server_version", connection);
            context.Log($"PostgreSQL {await version.ExecuteScalarAsync()} on port {cluster.Port}, synchronous_commit={synchronousCommit}");
        }
        if (synchronousCommit != "on") throw new InvalidOperationException($"synchronous_commit is {synchronousCommit}, expected on.");

        await using var store = DocumentStore.For(options =>
        {
            options.Connection(cluster.ConnectionString);
            options.DatabaseSchemaName = "bench";
            options.AutoCreateSchemaObjects = AutoCreate.All;
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = EventAppendMode.Quick;
            options.Events.MetadataConfig.CorrelationIdEnabled = true;
            options.Events.MetadataConfig.CausationIdEnabled = true;
            options.Events.MetadataConfig.HeadersEnabled = true;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await AppendAsync(store, AppendPlan.Single(16, 2)); // warm-up: Marten generates and compiles its code on first use
        await store.Advanced.Clean.DeleteAllEventDataAsync();
        await AppendAsync(store, AppendPlan.Bulk(1));

        foreach (var plan in AppendScenario.Plans(context.Size))
        {
            var rates = new List<double>();
            for (var rep = 0; rep < AppendScenario.AppendRepetitions(context.Size); rep++)
            {
                await store.Advanced.Clean.DeleteAllEventDataAsync();
                var elapsed = await Repeat.TimeAsync(() => AppendAsync(store, plan));
                rates.Add(plan.EventCount / elapsed.TotalSeconds);
                context.Log($"marten {plan.Key} rep {rep + 1}: {rates[^1]:N0} events/s");
            }
            var marten = result.Add(Figure.Of($"Marten, {plan.Title}", "events/s", rates));
            if (context.Shared.TryGetValue($"append:{plan.Key}", out var ours))
            {
                result.Add(ours);
                result.Comparisons.Add(plan.Key == "bulk"
                    ? new Comparison($"{plan.Title}: ours / Marten", ours, marten, "≥ 4× Marten", 4)
                    : new Comparison($"{plan.Title}: ours / Marten", ours, marten));
            }
        }
        result.Notes.Add($"PostgreSQL {cluster.Version} (Debian's package) started by the suite on 127.0.0.1:{cluster.Port} with fsync=on and "
            + $"synchronous_commit={synchronousCommit}, stopped and deleted after. Marten {typeof(DocumentStore).Assembly.GetName().Version} in Quick "
            + "append mode with string stream keys, correlation id, causation id and headers (user, command name) on, so it stores the same metadata "
            + "as ours; each commit is one LightweightSession.SaveChangesAsync: StartStream for a new stream, Append with the expected version otherwise. "
            + "The 'ours' rows repeat scenario 1's EventStoreWriter figures from this run.");
        result.Notes.Add("Fairness: Quick is Marten's faster append mode; both sides serialize the events inside the timed call (ours on the "
            + "caller's thread, Marten in SaveChangesAsync) and wait for a durable commit (synchronous=FULL here, synchronous_commit=on there); "
            + "the client pool (32 connections) exceeds the 8 writers. Marten commits every session in its own transaction: it has no group "
            + "commit, which is most of the gap on concurrent single-event commits. Marten also pays a round trip to a server process per "
            + "commit where SQLite runs in-process; that is part of what each design costs, not a handicap the benchmark adds.");
    }

    private static Task AppendAsync(IDocumentStore store, AppendPlan plan) =>
        Task.WhenAll(plan.Writers.Select(writer => Task.Run(async () =>
        {
            foreach (var commit in writer)
            {
                await using var session = store.LightweightSession();
                session.CorrelationId = commit.Metadata.CorrelationId;
                session.CausationId = commit.Metadata.CausationId;
                session.SetHeader("user", commit.Metadata.UserId);
                session.SetHeader("command", commit.Metadata.CommandName);
                if (commit.ExpectedVersion == 0) session.Events.StartStream(commit.StreamId, commit.Events);
                else session.Events.Append(commit.StreamId, commit.ExpectedVersion + commit.Events.Length, commit.Events);
                await session.SaveChangesAsync();
            }
        })));
}
